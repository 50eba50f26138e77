'use client';

import type { Registry } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import {
  emptyRegistryForm,
  ErrorText,
  RegistryFields,
  registryToForm,
  toCreateRegistryBody,
  toUpdateRegistryBody,
  useAction,
  validateRegistryForm,
  type RegistryForm,
  type RegistryFormErrors,
} from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

function useSubmit(
  form: RegistryForm,
  original: Registry | undefined,
  onSaved: (r: Registry) => void,
) {
  const [errors, setErrors] = useState<RegistryFormErrors>({});
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateRegistryForm(form, original);
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    let saved: Registry | undefined;
    const ok = await action.run(async () => {
      saved = original
        ? await apiFetch<Registry>(`/registries/${original.id}`, {
            method: 'PATCH',
            body: toUpdateRegistryBody(form, original),
          })
        : await apiFetch<Registry>('/registries', {
            method: 'POST',
            body: toCreateRegistryBody(form),
          });
    });
    if (ok && saved) onSaved(saved);
  };
  return { errors, setErrors, action, submit };
}

/** Adds a registry, or edits one (`original`); checked field by field before anything is sent. */
export function RegistryEditor({
  original,
  onSaved,
  onClose,
}: {
  original?: Registry;
  onSaved: (registry: Registry) => void;
  onClose: () => void;
}) {
  const [form, setForm] = useState(() =>
    original ? registryToForm(original) : emptyRegistryForm(),
  );
  const { errors, setErrors, action, submit } = useSubmit(form, original, onSaved);
  const title = original ? `Edit ${original.name}` : 'Add registry';
  return (
    <form
      className="card reg-card"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="reg-editor-title"
      noValidate
    >
      <div className="card-head">
        <h2 id="reg-editor-title">{title}</h2>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <RegistryFields
        form={form}
        errors={errors}
        editing={original ? { hasPassword: original.hasPassword } : undefined}
        onChange={(next) => {
          setForm(next);
          if (Object.keys(errors).length > 0) setErrors(validateRegistryForm(next, original));
        }}
      />
      <ErrorText error={action.error} />
      <div className="reg-actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Saving…' : original ? 'Save changes' : 'Add registry'}
        </button>
      </div>
    </form>
  );
}
