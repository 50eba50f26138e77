'use client';

import { type RegistryField, type RegistryForm, type RegistryFormErrors } from './registry-form';

function Field(props: {
  field: RegistryField;
  label: string;
  value: string;
  error: string | undefined;
  hint?: string;
  type?: string;
  autoComplete?: string;
  placeholder?: string;
  onChange: (value: string) => void;
}) {
  const id = `reg-${props.field}`;
  const described = [props.hint && `${id}-hint`, props.error && `${id}-error`].filter(Boolean);
  return (
    <span className="reg-field">
      <label htmlFor={id}>{props.label}</label>
      <input
        id={id}
        name={props.field}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        autoComplete={props.autoComplete ?? 'off'}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={described.length > 0 ? described.join(' ') : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
      {props.hint && (
        <span className="hint" id={`${id}-hint`}>
          {props.hint}
        </span>
      )}
      {props.error && (
        <span className="field-error" id={`${id}-error`}>
          {props.error}
        </span>
      )}
    </span>
  );
}

function PasswordField({
  form,
  error,
  editing,
  onChange,
}: {
  form: RegistryForm;
  error: string | undefined;
  editing?: { hasPassword: boolean };
  onChange: (form: RegistryForm) => void;
}) {
  const set = (patch: Partial<RegistryForm>) => onChange({ ...form, ...patch });
  return (
    <>
      <Field
        field="password"
        label="Password or token"
        type="password"
        autoComplete="new-password"
        value={form.password}
        error={error}
        hint={
          editing?.hasPassword
            ? 'stored, never shown; leave empty to keep it'
            : 'stored encrypted, never shown again'
        }
        onChange={(password) => set({ password, clearPassword: false })}
      />
      {editing?.hasPassword && (
        <label className="reg-check">
          <input
            type="checkbox"
            checked={form.clearPassword}
            onChange={(e) => set({ clearPassword: e.target.checked, password: '' })}
          />
          Forget the stored password
        </label>
      )}
    </>
  );
}

/** Name, address and credentials of a registry, each with its own message. */
export function RegistryFields({
  form,
  errors,
  editing,
  onChange,
}: {
  form: RegistryForm;
  errors: RegistryFormErrors;
  /** Whether a password is stored already (editing): then an empty password keeps it. */
  editing?: { hasPassword: boolean };
  onChange: (form: RegistryForm) => void;
}) {
  const set = (patch: Partial<RegistryForm>) => onChange({ ...form, ...patch });
  return (
    <div className="reg-fields">
      <Field
        field="name"
        label="Name"
        value={form.name}
        error={errors.name}
        placeholder="Team registry"
        onChange={(name) => set({ name })}
      />
      <Field
        field="url"
        label="Address"
        value={form.url}
        error={errors.url}
        placeholder="https://registry.example:5000"
        hint="http:// or https://, the root of the registry API"
        onChange={(url) => set({ url })}
      />
      <Field
        field="username"
        label="Username (optional)"
        value={form.username}
        error={errors.username}
        onChange={(username) => set({ username })}
      />
      <PasswordField form={form} error={errors.password} editing={editing} onChange={onChange} />
    </div>
  );
}
