'use client';

import type { JoinToken } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { useState } from 'react';

const TOKEN_TTL_SECONDS = 3600;

function JoinCommand({ token, onClose }: { token: JoinToken; onClose: () => void }) {
  const [copied, setCopied] = useState(false);
  const copy = () =>
    navigator.clipboard.writeText(token.joinCommand).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  return (
    <section className="card join" aria-labelledby="join-title">
      <div className="card-head">
        <h2 id="join-title">Add a host</h2>
        <button
          type="button"
          className="ghost"
          onClick={onClose}
          aria-label="Close the join command"
        >
          Close
        </button>
      </div>
      <p className="muted">
        Run this as root on the new host. The token works once and expires at{' '}
        {new Date(token.expiresAt).toLocaleString()}.
      </p>
      <pre aria-label="Join command">
        <code>{token.joinCommand}</code>
      </pre>
      <button type="button" onClick={() => void copy()}>
        {copied ? 'Copied' : 'Copy command'}
      </button>
    </section>
  );
}

/** Creates a single-use join token and shows the command that enrols a new host with it. */
export function AddHost() {
  const [token, setToken] = useState<JoinToken>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const create = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body = { ttlSeconds: TOKEN_TTL_SECONDS };
      setToken(await apiFetch<JoinToken>('/hosts/join-tokens', { method: 'POST', body }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <button type="button" className="primary" onClick={() => void create()} disabled={busy}>
        {busy ? 'Creating token…' : 'Add host'}
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {token && <JoinCommand token={token} onClose={() => setToken(undefined)} />}
    </>
  );
}
