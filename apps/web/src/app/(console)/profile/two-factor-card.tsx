'use client';

import type { TotpConfirmed, TotpEnrollment } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { ErrorText, useAction } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

function Enrolment({
  enrollment,
  onDone,
}: {
  enrollment: TotpEnrollment;
  onDone: (codes: string[]) => void;
}) {
  const [code, setCode] = useState('');
  const action = useAction();
  const confirm = async (e: FormEvent) => {
    e.preventDefault();
    let confirmed: TotpConfirmed | undefined;
    const body = { code };
    await action.run(async () => {
      confirmed = await apiFetch<TotpConfirmed>('/auth/totp/confirm', { method: 'POST', body });
    });
    if (confirmed) onDone(confirmed.recoveryCodes);
  };
  return (
    <form onSubmit={(e) => void confirm(e)} className="adm-form">
      <p>Add this account to your authenticator app, then enter the code it shows.</p>
      <dl className="adm-pairs">
        <dt>Secret</dt>
        <dd>
          <code aria-label="TOTP secret">{enrollment.secret}</code>
        </dd>
        <dt>Setup link</dt>
        <dd>
          <code className="adm-break" aria-label="otpauth URI">
            {enrollment.otpauthUrl}
          </code>
        </dd>
      </dl>
      <label htmlFor="totp-code">Code from the app</label>
      <input
        id="totp-code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="\d{6}"
        value={code}
        onChange={(e) => setCode(e.target.value.trim())}
        required
      />
      <ErrorText error={action.error} />
      <div className="adm-actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Turn on two-factor
        </button>
      </div>
    </form>
  );
}

function Disable({ onDone }: { onDone: () => void }) {
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { password };
    if (await action.run(() => apiFetch('/auth/totp/disable', { method: 'POST', body }))) onDone();
  };
  return (
    <form onSubmit={(e) => void submit(e)} className="adm-form">
      <label htmlFor="totp-off-password">Password (to turn two-factor off)</label>
      <input
        id="totp-off-password"
        type="password"
        autoComplete="current-password"
        value={password}
        onChange={(e) => setPassword(e.target.value)}
        required
      />
      <ErrorText error={action.error} />
      <div className="adm-actions">
        <button type="submit" className="danger" disabled={action.busy}>
          Turn off two-factor
        </button>
      </div>
    </form>
  );
}

/**
 * Two-factor sign-in: enrol (secret and otpauth link shown as text), confirm with a code (the
 * recovery codes are shown once), or turn it off with the password. `enabled` is undefined when
 * this user may not read their own account record: both paths are offered then.
 */
export function TwoFactorCard({ enabled }: { enabled: boolean | undefined }) {
  const [state, setState] = useState<boolean | undefined>(enabled);
  const [enrollment, setEnrollment] = useState<TotpEnrollment>();
  const [recovery, setRecovery] = useState<string[]>();
  const action = useAction();
  const on = state ?? enabled;
  const start = () =>
    action.run(async () =>
      setEnrollment(await apiFetch<TotpEnrollment>('/auth/totp/enroll', { method: 'POST' })),
    );
  return (
    <section className="card adm-card" aria-labelledby="tfa-title">
      <h2 id="tfa-title">Two-factor authentication</h2>
      <p className="muted" role="status">
        {on === true ? 'On: sign-in asks for a code.' : on === false ? 'Off.' : ''}
      </p>
      {recovery && (
        <div className="notice" role="status">
          <p>
            Two-factor is on. Keep these recovery codes safe; each works once, and they are shown
            only now:
          </p>
          <ul className="adm-codes" aria-label="Recovery codes">
            {recovery.map((c) => (
              <li key={c}>
                <code>{c}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {on !== true && !enrollment && (
        <div className="adm-actions">
          <button type="button" onClick={() => void start()} disabled={action.busy}>
            Set up two-factor
          </button>
        </div>
      )}
      <ErrorText error={action.error} />
      {enrollment && on !== true && (
        <Enrolment
          enrollment={enrollment}
          onDone={(codes) => {
            setRecovery(codes);
            setEnrollment(undefined);
            setState(true);
          }}
        />
      )}
      {on !== false && !enrollment && (
        <Disable
          onDone={() => {
            setState(false);
            setRecovery(undefined);
          }}
        />
      )}
    </section>
  );
}
