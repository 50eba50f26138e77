'use client';

import type { ApiToken, CreatedApiToken, MyAccess, Permission } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import {
  ConfirmDialog,
  ErrorText,
  PermissionPicker,
  relativeTime,
  TextField,
  useAction,
  useLoad,
  useNow,
} from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

const DAY = 24 * 3600;
const EXPIRY: { label: string; seconds: number | undefined }[] = [
  { label: '30 days', seconds: 30 * DAY },
  { label: '7 days', seconds: 7 * DAY },
  { label: '1 day', seconds: DAY },
  { label: '90 days', seconds: 90 * DAY },
  { label: '1 year', seconds: 365 * DAY },
  { label: 'Never', seconds: undefined },
];

function CreatedToken({ token, onClose }: { token: CreatedApiToken; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(token.token).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <div className="notice adm-secret" role="status">
      <p>
        Token <strong>{token.name}</strong> created. Copy it now: it is not shown again.
      </p>
      <pre aria-label="New API token">
        <code>{token.token}</code>
      </pre>
      <div className="adm-actions">
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy token'}
        </button>
        <button type="button" className="ghost" onClick={onClose}>
          Done
        </button>
      </div>
    </div>
  );
}

function TokenFields(props: {
  name: string;
  onName: (v: string) => void;
  expiry: number;
  onExpiry: (v: number) => void;
}) {
  return (
    <div className="adm-row">
      <TextField
        id="token-name"
        label="Token name"
        value={props.name}
        onChange={props.onName}
        required
        maxLength={100}
      />
      <span className="adm-field">
        <label htmlFor="token-expiry">Expires after</label>
        <select
          id="token-expiry"
          value={props.expiry}
          onChange={(e) => props.onExpiry(Number(e.target.value))}
        >
          {EXPIRY.map((x, i) => (
            <option key={x.label} value={i}>
              {x.label}
            </option>
          ))}
        </select>
      </span>
    </div>
  );
}

/** What the signed-in user holds anywhere: a token's scopes can only come from these. */
function useMyPermissions(): { permissions: Permission[]; error: string | undefined } {
  const mine = useLoad(() => apiFetch<MyAccess>('/auth/me/access'));
  const all = mine.data
    ? [...mine.data.globalPermissions, ...mine.data.grants.flatMap((g) => g.permissions)]
    : [];
  return { permissions: [...new Set(all)], error: mine.error };
}

function CreateToken({ onCreated }: { onCreated: (t: CreatedApiToken) => void }) {
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Permission[]>([]);
  const [expiry, setExpiry] = useState(0);
  const mine = useMyPermissions();
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ttlSeconds = EXPIRY[expiry]?.seconds;
    const body = { name, scopes, ...(ttlSeconds ? { ttlSeconds } : {}) };
    await action.run(async () => {
      onCreated(await apiFetch<CreatedApiToken>('/tokens', { method: 'POST', body }));
      setName('');
      setScopes([]);
    });
  };
  return (
    <form className="adm-form" onSubmit={(e) => void submit(e)} aria-label="Create an API token">
      <TokenFields name={name} onName={setName} expiry={expiry} onExpiry={setExpiry} />
      <ErrorText error={mine.error} />
      <PermissionPicker
        legend="Scopes (what the token may do)"
        value={scopes}
        onChange={setScopes}
        allowed={mine.permissions}
      />
      <ErrorText error={action.error} />
      <div className="adm-actions">
        <button type="submit" className="primary" disabled={action.busy || scopes.length === 0}>
          Create token
        </button>
        {scopes.length === 0 && <span className="muted small">Choose at least one scope.</span>}
      </div>
    </form>
  );
}

function TokenRow({
  token,
  now,
  onRevoke,
}: {
  token: ApiToken;
  now: number;
  onRevoke: () => void;
}) {
  const expired = token.expiresAt !== null && Date.parse(token.expiresAt) < now;
  const status = token.revokedAt ? 'Revoked' : expired ? 'Expired' : 'Active';
  return (
    <tr data-token-id={token.id}>
      <th scope="row">{token.name}</th>
      <td className="adm-scopes">{token.scopes.join(', ')}</td>
      <td title={token.createdAt}>{relativeTime(token.createdAt, now)}</td>
      <td title={token.lastUsedAt ?? 'never'}>{relativeTime(token.lastUsedAt, now)}</td>
      <td>{token.expiresAt ? new Date(token.expiresAt).toLocaleDateString() : 'never'}</td>
      <td>{status}</td>
      <td>
        {status === 'Active' && (
          <button
            type="button"
            className="danger"
            onClick={onRevoke}
            aria-label={`Revoke ${token.name}`}
          >
            Revoke
          </button>
        )}
      </td>
    </tr>
  );
}

function TokensTable(props: { tokens: ApiToken[]; now: number; onRevoke: (t: ApiToken) => void }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="API tokens">
        <thead>
          <tr>
            {['Name', 'Scopes', 'Created', 'Last used', 'Expires', 'Status', ''].map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.tokens.map((t) => (
            <TokenRow key={t.id} token={t} now={props.now} onRevoke={() => props.onRevoke(t)} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The user's API tokens: create (shown once, copyable), list with last use, revoke. */
export function TokensCard() {
  const tokens = useLoad(() => apiFetch<ApiToken[]>('/tokens'));
  const [created, setCreated] = useState<CreatedApiToken>();
  const [revoking, setRevoking] = useState<ApiToken>();
  const action = useAction();
  const now = useNow();
  const revoke = async (t: ApiToken) => {
    setRevoking(undefined);
    if (await action.run(() => apiFetch(`/tokens/${t.id}`, { method: 'DELETE' }))) tokens.reload();
  };
  return (
    <section className="card adm-card" aria-labelledby="tokens-title">
      <h2 id="tokens-title">API tokens</h2>
      <p className="muted">
        Use a token as <code>Authorization: Bearer &lt;token&gt;</code>. It can do at most what you
        can.
      </p>
      {created && <CreatedToken token={created} onClose={() => setCreated(undefined)} />}
      <CreateToken
        onCreated={(t) => {
          setCreated(t);
          tokens.reload();
        }}
      />
      <ErrorText error={tokens.error ?? action.error} />
      {tokens.data === undefined && !tokens.error && (
        <p className="muted" role="status">
          Loading tokens…
        </p>
      )}
      {tokens.data?.length === 0 && <p className="muted">No tokens yet.</p>}
      {tokens.data && tokens.data.length > 0 && (
        <TokensTable tokens={tokens.data} now={now} onRevoke={setRevoking} />
      )}
      {revoking && (
        <ConfirmDialog
          title={`Revoke token ${revoking.name}?`}
          confirmLabel="Revoke"
          onConfirm={() => void revoke(revoking)}
          onCancel={() => setRevoking(undefined)}
        >
          <p>Programs using it are refused from now on. This cannot be undone.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
