import {
  CreateRegistryRequestSchema,
  UpdateRegistryRequestSchema,
  type CreateRegistryRequest,
  type Registry,
  type UpdateRegistryRequest,
} from '@wharf/contracts';

/** The add/edit form as typed; an empty password while editing keeps the stored one. */
export interface RegistryForm {
  name: string;
  url: string;
  username: string;
  password: string;
  /** Editing only: forget the stored password or token. */
  clearPassword: boolean;
}

export type RegistryField = 'name' | 'url' | 'username' | 'password';
export type RegistryFormErrors = Partial<Record<RegistryField, string>>;

export function emptyRegistryForm(): RegistryForm {
  return { name: '', url: '', username: '', password: '', clearPassword: false };
}

export function registryToForm(registry: Registry): RegistryForm {
  return {
    name: registry.name,
    url: registry.url,
    username: registry.username ?? '',
    password: '',
    clearPassword: false,
  };
}

export function toCreateRegistryBody(form: RegistryForm): CreateRegistryRequest {
  const username = form.username.trim();
  return {
    name: form.name.trim(),
    url: form.url.trim(),
    ...(username ? { username } : {}),
    ...(form.password ? { password: form.password } : {}),
  };
}

/** Only what changed: a new password replaces the stored one, `clearPassword` removes it. */
export function toUpdateRegistryBody(
  form: RegistryForm,
  original: Registry,
): UpdateRegistryRequest {
  const body: UpdateRegistryRequest = {};
  const username = form.username.trim();
  if (form.name.trim() !== original.name) body.name = form.name.trim();
  if (form.url.trim() !== original.url) body.url = form.url.trim();
  if (username !== (original.username ?? '')) body.username = username === '' ? null : username;
  if (form.password) body.password = form.password;
  else if (form.clearPassword && original.hasPassword) body.password = null;
  return body;
}

function fieldErrors(issues: readonly { path: PropertyKey[]; message: string }[]) {
  const errors: RegistryFormErrors = {};
  for (const issue of issues) {
    const field = issue.path[0];
    if (field === 'name' || field === 'url' || field === 'username' || field === 'password')
      errors[field] ??= issue.message;
  }
  return errors;
}

/**
 * The same checks the server makes (its own zod schemas), worded per field, plus one of the form:
 * a password needs a username to go with it. Empty object when the form can be sent.
 */
export function validateRegistryForm(form: RegistryForm, original?: Registry): RegistryFormErrors {
  const parsed = original
    ? UpdateRegistryRequestSchema.safeParse(toUpdateRegistryBody(form, original))
    : CreateRegistryRequestSchema.safeParse(toCreateRegistryBody(form));
  const errors = parsed.success ? {} : fieldErrors(parsed.error.issues);
  if (form.name.trim() === '') errors.name = 'a name is required';
  if (form.url.trim() === '') errors.url = 'the registry address is required';
  const keepsPassword = original?.hasPassword === true && !form.clearPassword;
  if (form.username.trim() === '' && (form.password !== '' || keepsPassword))
    errors.username = 'a password or token needs a username';
  return errors;
}
