'use client';

import type { SetupStatus } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { useEffect, useState, type FormEvent } from 'react';

const MIN_LENGTH = 12;

function validate(password: string, confirm: string): string | undefined {
  if (password.length < MIN_LENGTH)
    return `The password must be at least ${MIN_LENGTH} characters.`;
  if (password !== confirm) return 'The two passwords do not match.';
  return undefined;
}

/** First run: the administrator chooses a password (like Portainer's first visit). */
export default function SetupPage() {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    apiFetch<SetupStatus>('/setup/status')
      .then((s) => {
        if (!s.needsAdminPassword) window.location.replace('/login');
      })
      .catch(() => undefined);
  }, []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const problem = validate(password, confirm);
    setError(problem);
    if (problem) return;
    setBusy(true);
    try {
      await apiFetch('/setup/admin', { method: 'POST', body: { password } });
      window.location.replace('/login?setup=done');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form
        className="card auth-card"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-labelledby="setup-title"
      >
        <h1 id="setup-title">Welcome to Wharf</h1>
        <p className="muted">
          Choose the password of the <strong>admin</strong> account.
        </p>
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          aria-describedby="password-hint"
          required
        />
        <p id="password-hint" className="hint">
          At least {MIN_LENGTH} characters.
        </p>
        <label htmlFor="confirm">Confirm password</label>
        <input
          id="confirm"
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => setConfirm(e.target.value)}
          required
        />
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Create administrator'}
        </button>
      </form>
    </main>
  );
}
