'use client';

import { apiFetch } from '@wharf/web-data-access';
import { useEffect, useState, type FormEvent } from 'react';

/** Sign in; the server's own message is shown on failure (never "something went wrong"). */
export default function LoginPage() {
  const [username, setUsername] = useState('admin');
  const [password, setPassword] = useState('');
  const [totp, setTotp] = useState('');
  const [needsTotp, setNeedsTotp] = useState(false);
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [justSetUp, setJustSetUp] = useState(false);
  useEffect(() => setJustSetUp(window.location.search.includes('setup=done')), []);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await apiFetch('/auth/login', {
        method: 'POST',
        body: { username, password, ...(needsTotp ? { totp } : {}) },
      });
      window.location.replace('/hosts');
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      if (/totp|second factor|two-factor/i.test(message)) setNeedsTotp(true);
      setError(message);
      setBusy(false);
    }
  };

  return (
    <main className="auth-page">
      <form
        className="card auth-card"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="login-title"
      >
        <h1 id="login-title">Sign in to Wharf</h1>
        {justSetUp && !error && (
          <p className="notice" role="status">
            The administrator account is ready. Sign in with its new password.
          </p>
        )}
        <label htmlFor="username">Username</label>
        <input
          id="username"
          name="username"
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
          required
        />
        <label htmlFor="password">Password</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {needsTotp && (
          <>
            <label htmlFor="totp">Authentication code</label>
            <input
              id="totp"
              name="totp"
              inputMode="numeric"
              pattern="\d{6}"
              autoComplete="one-time-code"
              value={totp}
              onChange={(e) => setTotp(e.target.value)}
            />
          </>
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
