import type { Host } from '@wharf/contracts';

import { formatBytes, relativeTime } from './format';
import { StatusBadge } from './status-badge';

function lastSeen(host: Host, now: number): string {
  return host.status === 'online' ? 'now' : relativeTime(host.lastSeenAt, now);
}

function HostRow({ host, now }: { host: Host; now: number }) {
  const f = host.facts;
  const labels = Object.entries(host.labels);
  return (
    <tr data-host-id={host.id} data-status={host.status}>
      <th scope="row">{host.name}</th>
      <td>
        <StatusBadge status={host.status} />
      </td>
      <td title={host.lastSeenAt ?? 'never'}>{lastSeen(host, now)}</td>
      <td>
        {f?.os ?? '—'}
        {f && <div className="muted small">{`${f.kernel} · ${f.arch}`}</div>}
      </td>
      <td className="num">{f ? f.cpus : '—'}</td>
      <td className="num">{f ? formatBytes(f.memoryBytes) : '—'}</td>
      <td>{f?.cgroupVersion ?? '—'}</td>
      <td>{f?.runtime ? `${f.runtime.name} ${f.runtime.version}` : '—'}</td>
      <td>{f?.engineVersion ?? '—'}</td>
      <td>
        {labels.length === 0 && <span className="muted">—</span>}
        {labels.map(([k, v]) => (
          <span key={k} className="label">
            {k}={v}
          </span>
        ))}
      </td>
    </tr>
  );
}

const COLUMNS = [
  'Name',
  'Status',
  'Last seen',
  'System',
  'CPUs',
  'Memory',
  'cgroup',
  'Runtime',
  'Engine',
  'Labels',
];

/**
 * Hosts sorted by name; rows carry `data-status` so tests and styles can read the state. `now` is
 * passed in so "last seen" ages while no push arrives.
 */
export function HostsTable({ hosts, now }: { hosts: Host[]; now: number }) {
  const sorted = [...hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Hosts">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((host) => (
            <HostRow key={host.id} host={host} now={now} />
          ))}
        </tbody>
      </table>
    </div>
  );
}
