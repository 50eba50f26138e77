'use client';

import type { Permission, Role } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { ErrorText, PermissionPicker, TextField, useAction } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

function Ownership({
  value,
  onChange,
}: {
  value: 'any' | 'own';
  onChange: (v: 'any' | 'own') => void;
}) {
  return (
    <fieldset className="adm-radios">
      <legend>Applies to</legend>
      <label className="adm-check">
        <input
          type="radio"
          name="ownership"
          checked={value === 'any'}
          onChange={() => onChange('any')}
        />
        Any resource in scope
      </label>
      <label className="adm-check">
        <input
          type="radio"
          name="ownership"
          checked={value === 'own'}
          onChange={() => onChange('own')}
        />
        Only containers, volumes, networks and stacks the user or their team owns
      </label>
    </fieldset>
  );
}

function FormHead({ title, onClose }: { title: string; onClose: () => void }) {
  return (
    <div className="card-head">
      <h2 id="role-form-title">{title}</h2>
      <button type="button" className="ghost" onClick={onClose}>
        Close
      </button>
    </div>
  );
}

/** Creates a custom role, or edits one when `role` is given. */
export function RoleForm({
  role,
  onSaved,
  onClose,
}: {
  role?: Role;
  onSaved: () => void;
  onClose: () => void;
}) {
  const [name, setName] = useState(role?.name ?? '');
  const [description, setDescription] = useState(role?.description ?? '');
  const [ownership, setOwnership] = useState<'any' | 'own'>(role?.ownership ?? 'any');
  const [permissions, setPermissions] = useState<Permission[]>(role?.permissions ?? []);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name, description, ownership, permissions };
    const call = role
      ? () => apiFetch(`/roles/${role.id}`, { method: 'PATCH', body })
      : () => apiFetch('/roles', { method: 'POST', body });
    if (await action.run(call)) onSaved();
  };
  return (
    <form
      className="card adm-card adm-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="role-form-title"
    >
      <FormHead title={role ? `Edit ${role.name}` : 'New role'} onClose={onClose} />
      <div className="adm-row">
        <TextField
          id="role-name"
          label="Role name"
          value={name}
          onChange={setName}
          required
          maxLength={64}
        />
        <TextField
          id="role-description"
          label="Description"
          value={description}
          onChange={setDescription}
        />
      </div>
      <Ownership value={ownership} onChange={setOwnership} />
      <PermissionPicker legend="Permissions" value={permissions} onChange={setPermissions} />
      <ErrorText error={action.error} />
      <div className="adm-actions">
        <button
          type="submit"
          className="primary"
          disabled={action.busy || permissions.length === 0}
        >
          {role ? 'Save role' : 'Create role'}
        </button>
      </div>
    </form>
  );
}
