'use client';

import { ApiRequestError, apiFetch } from '@wharf/web-data-access';
import { useEffect, useState, type FormEvent } from 'react';

/** The server's answer when the password was right and the account has a second factor. */
const TOTP_REQUIRED = 'TOTP_REQUIRED';

function CodeStep({
  code,
  onCode,
  onBack,
}: {
  code: string;
  onCode: (code: string) => void;
  onBack: () => void;
}) {
  return (
    <>
      <p className="muted" id="totp-help">
        Enter the 6-digit code from your authenticator app, or one of your recovery codes.
      </p>
      <label htmlFor="totp">Authentication code</label>
      <input
        id="totp"
        name="totp"
        autoComplete="one-time-code"
        autoFocus
        aria-describedby="totp-help"
        value={code}
        onChange={(e) => onCode(e.target.value.trim())}
        pattern="\d{6}|[a-z0-9]{5}-[a-z0-9]{5}"
        required
      />
      <button type="button" className="ghost" onClick={onBack}>
        Use another account
      </button>
    </>
  );
}

function PasswordStep(props: {
  username: string;
  password: string;
  onUsername: (v: string) => void;
  onPassword: (v: string) => void;
}) {
  return (
    <>
      <label htmlFor="username">Username</label>
      <input
        id="username"
        name="username"
        autoComplete="username"
        value={props.username}
        onChange={(e) => props.onUsername(e.target.value)}
        required
      />
      <label htmlFor="password">Password</label>
      <input
        id="password"
        name="password"
        type="password"
        autoComplete="current-password"
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        required
      />
    </>
  );
}

/**
 * Sign in; when the account has a second factor the server answers `TOTP_REQUIRED` and a code
 * step follows. The server's own message is shown on failure (never "something went wrong").
 */
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
      if (e instanceof ApiRequestError && e.body?.code === TOTP_REQUIRED) setNeedsTotp(true);
      else setError(e instanceof Error ? e.message : String(e));
      setBusy(false);
    }
  };
  const back = () => {
    setNeedsTotp(false);
    setTotp('');
    setPassword('');
    setError(undefined);
  };

  return (
    <main className="auth-page">
      <form
        className="card auth-card"
        onSubmit={(e) => void submit(e)}
        aria-labelledby="login-title"
      >
        <h1 id="login-title">{needsTotp ? 'Two-factor authentication' : 'Sign in to Wharf'}</h1>
        {justSetUp && !error && !needsTotp && (
          <p className="notice" role="status">
            The administrator account is ready. Sign in with its new password.
          </p>
        )}
        {needsTotp ? (
          <CodeStep code={totp} onCode={setTotp} onBack={back} />
        ) : (
          <PasswordStep
            username={username}
            password={password}
            onUsername={setUsername}
            onPassword={setPassword}
          />
        )}
        {error && (
          <p className="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Signing in…' : needsTotp ? 'Verify' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
