'use client';

import type { User } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { ErrorText, TextField, useAction } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

const EMPTY = { username: '', password: '', displayName: '', admin: false };

type UserForm = typeof EMPTY;

function UserFields({ form, setForm }: { form: UserForm; setForm: (f: UserForm) => void }) {
  return (
    <>
      <div className="adm-row">
        <TextField
          id="new-username"
          label="Username"
          value={form.username}
          onChange={(username) => setForm({ ...form, username })}
          hint="lowercase letters, digits, . _ -"
          autoComplete="off"
          required
        />
        <TextField
          id="new-display"
          label="Display name (optional)"
          value={form.displayName}
          onChange={(displayName) => setForm({ ...form, displayName })}
        />
        <TextField
          id="new-password"
          label="Password"
          type="password"
          autoComplete="new-password"
          value={form.password}
          onChange={(password) => setForm({ ...form, password })}
          hint="at least 12 characters"
          required
        />
      </div>
      <label className="adm-check">
        <input
          type="checkbox"
          checked={form.admin}
          onChange={(e) => setForm({ ...form, admin: e.target.checked })}
        />
        Administrator (every permission, everywhere)
      </label>
    </>
  );
}

/** Creates a user; "Administrator" binds the built-in Administrator role globally right after. */
export function CreateUser({ onCreated, onClose }: { onCreated: () => void; onClose: () => void }) {
  const [form, setForm] = useState(EMPTY);
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = {
      username: form.username,
      password: form.password,
      ...(form.displayName.trim() ? { displayName: form.displayName.trim() } : {}),
    };
    const ok = await action.run(async () => {
      const user = await apiFetch<User>('/users', { method: 'POST', body });
      if (form.admin) {
        const binding = { roleId: 'administrator', userId: user.id, scope: 'global' };
        await apiFetch('/role-bindings', { method: 'POST', body: binding });
      }
    });
    if (ok) {
      setForm(EMPTY);
      onCreated();
    }
  };
  return (
    <form
      className="card adm-card adm-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="new-user-title"
    >
      <div className="card-head">
        <h2 id="new-user-title">New user</h2>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <UserFields form={form} setForm={setForm} />
      <ErrorText error={action.error} />
      <div className="adm-actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Creating…' : 'Create user'}
        </button>
      </div>
    </form>
  );
}
