'use client';

import type { Host, JoinToken } from '@wharf/contracts';
import { apiFetch, connectUiSocket } from '@wharf/web-data-access';
import { EmptyState, StatusBadge, formatBytes, relativeTime } from '@wharf/web-ui';
import { useEffect, useState } from 'react';

import { SignedInPage } from '../_lib/signed-in-page';

type Connection = 'connected' | 'connecting' | 'offline';

/** Hosts from the server, kept live by `host.updated` / `host.removed` pushes on the /ui socket. */
function useLiveHosts(): {
  hosts: Host[] | undefined;
  error: string | undefined;
  connection: Connection;
} {
  const [hosts, setHosts] = useState<Host[]>();
  const [error, setError] = useState<string>();
  const [connection, setConnection] = useState<Connection>('connecting');
  useEffect(() => {
    const load = () =>
      apiFetch<Host[]>('/hosts').then(setHosts, (e: unknown) =>
        setError(e instanceof Error ? e.message : String(e)),
      );
    const socket = connectUiSocket();
    socket.on('connect', () => {
      setConnection('connected');
      void load();
    });
    socket.on('disconnect', () => setConnection('connecting'));
    socket.on('connect_error', () => setConnection('offline'));
    socket.on('host.updated', (host) =>
      setHosts((list) => [...(list ?? []).filter((h) => h.id !== host.id), host]),
    );
    socket.on('host.removed', ({ id }) =>
      setHosts((list) => (list ?? []).filter((h) => h.id !== id)),
    );
    void load();
    return () => {
      socket.close();
    };
  }, []);
  return { hosts, error, connection };
}

function HostRow({ host }: { host: Host }) {
  const f = host.facts;
  return (
    <tr data-host-id={host.id} data-status={host.status}>
      <th scope="row">{host.name}</th>
      <td>
        <StatusBadge status={host.status} />
      </td>
      <td title={host.lastSeenAt ?? ''}>
        {host.status === 'online' ? 'now' : relativeTime(host.lastSeenAt)}
      </td>
      <td>
        {f ? `${f.os}` : '—'}
        <div className="muted small">{f ? `${f.kernel} · ${f.arch}` : ''}</div>
      </td>
      <td>{f ? f.cpus : '—'}</td>
      <td>{f ? formatBytes(f.memoryBytes) : '—'}</td>
      <td>
        {f ? `cgroup ${f.cgroupVersion}` : '—'}
        <div className="muted small">
          {f?.runtime ? `${f.runtime.name} ${f.runtime.version}` : 'no runtime'}
        </div>
      </td>
      <td>{f?.engineVersion ?? '—'}</td>
      <td>
        {Object.entries(host.labels).map(([k, v]) => (
          <span key={k} className="label">
            {k}={v}
          </span>
        ))}
      </td>
    </tr>
  );
}

function AddHost() {
  const [token, setToken] = useState<JoinToken>();
  const [error, setError] = useState<string>();
  const create = () =>
    apiFetch<JoinToken>('/hosts/join-tokens', { method: 'POST', body: { ttlSeconds: 3600 } }).then(
      setToken,
      (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
    );
  return (
    <section className="add-host" aria-label="Add a host">
      <button type="button" className="primary" onClick={() => void create()}>
        Add host
      </button>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {token && (
        <div className="card join">
          <p>
            Run this on the new host (valid until {new Date(token.expiresAt).toLocaleString()}):
          </p>
          <pre aria-label="Join command">
            <code>{token.joinCommand}</code>
          </pre>
          <button
            type="button"
            onClick={() => void navigator.clipboard.writeText(token.joinCommand)}
          >
            Copy command
          </button>
        </div>
      )}
    </section>
  );
}

export default function HostsPage() {
  const { hosts, error, connection } = useLiveHosts();
  const sorted = [...(hosts ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  return (
    <SignedInPage current="/hosts" connection={connection}>
      <div className="page-head">
        <h1>Hosts</h1>
        <AddHost />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {hosts === undefined && !error && (
        <p className="muted" role="status">
          Loading hosts…
        </p>
      )}
      {hosts?.length === 0 && (
        <EmptyState title="No hosts yet">
          <p>Add a host to see it here, live.</p>
        </EmptyState>
      )}
      {sorted.length > 0 && (
        <table className="table" aria-label="Hosts">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Last seen</th>
              <th scope="col">System</th>
              <th scope="col">CPUs</th>
              <th scope="col">Memory</th>
              <th scope="col">Runtime</th>
              <th scope="col">Engine</th>
              <th scope="col">Labels</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((host) => (
              <HostRow key={host.id} host={host} />
            ))}
          </tbody>
        </table>
      )}
    </SignedInPage>
  );
}
