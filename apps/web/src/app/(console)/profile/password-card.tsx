'use client';

import { apiFetch } from '@wharf/web-data-access';
import { ErrorText, TextField, useAction } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

type PasswordForm = { current: string; next: string; repeat: string };

function PasswordFields({
  form,
  set,
}: {
  form: PasswordForm;
  set: (key: keyof PasswordForm) => (value: string) => void;
}) {
  return (
    <>
      <TextField
        id="pw-current"
        label="Current password"
        type="password"
        autoComplete="current-password"
        value={form.current}
        onChange={set('current')}
        required
      />
      <TextField
        id="pw-new"
        label="New password"
        type="password"
        autoComplete="new-password"
        value={form.next}
        onChange={set('next')}
        hint="At least 12 characters. Your other sessions end when it changes."
        required
      />
      <TextField
        id="pw-repeat"
        label="Repeat new password"
        type="password"
        autoComplete="new-password"
        value={form.repeat}
        onChange={set('repeat')}
        required
      />
    </>
  );
}

/** Changes the signed-in user's password; the server's policy message is shown as is. */
export function PasswordCard() {
  const [form, setForm] = useState({ current: '', next: '', repeat: '' });
  const [status, setStatus] = useState<'done' | 'mismatch'>();
  const action = useAction();
  const set = (key: keyof typeof form) => (value: string) => setForm({ ...form, [key]: value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setStatus(form.next === form.repeat ? undefined : 'mismatch');
    if (form.next !== form.repeat) return;
    const body = { currentPassword: form.current, newPassword: form.next };
    if (await action.run(() => apiFetch('/auth/password', { method: 'POST', body }))) {
      setForm({ current: '', next: '', repeat: '' });
      setStatus('done');
    }
  };
  return (
    <section className="card adm-card" aria-labelledby="pw-title">
      <h2 id="pw-title">Password</h2>
      <form onSubmit={(e) => void submit(e)} className="adm-form">
        <PasswordFields form={form} set={set} />
        <ErrorText
          error={status === 'mismatch' ? 'The new passwords do not match.' : action.error}
        />
        <p className="notice" role="status" hidden={status !== 'done'}>
          Password changed.
        </p>
        <div className="adm-actions">
          <button type="submit" className="primary" disabled={action.busy}>
            {action.busy ? 'Changing…' : 'Change password'}
          </button>
        </div>
      </form>
    </section>
  );
}
