import type { Host, HostDetail } from '@wharf/contracts';
import type { ReactNode } from 'react';

import { formatBytes, relativeTime } from './format';
import { StatusBadge } from './status-badge';

function lastSeen(host: Host, now: number): string {
  return host.status === 'online' ? 'now' : relativeTime(host.lastSeenAt, now);
}

function percent(used: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((used / total) * 100)) : 0;
}

/** A small bar with its value as text (the bar alone says nothing to a screen reader). */
function Meter({ value, label }: { value: number; label: string }) {
  return (
    <span className="host-meter" title={label}>
      <span className="host-meter-bar" aria-hidden="true">
        <span style={{ width: `${value}%` }} data-high={value >= 90 ? 'true' : undefined} />
      </span>
      <span className="small">{label}</span>
    </span>
  );
}

function Usage({ host, detail }: { host: Host; detail: HostDetail | undefined }) {
  const f = host.facts;
  const u = host.status === 'online' ? detail?.usage : null;
  return (
    <>
      <td className="num">
        {f ? `${f.cpus} CPUs` : '—'}
        {u && <Meter value={Math.round(u.cpuPercent)} label={`${u.cpuPercent.toFixed(0)}% used`} />}
      </td>
      <td className="num">
        {f ? formatBytes(f.memoryBytes) : '—'}
        {u && (
          <Meter
            value={percent(u.memoryUsedBytes, u.memoryTotalBytes)}
            label={`${formatBytes(u.memoryUsedBytes)} used`}
          />
        )}
      </td>
      <td className="num" data-column="containers">
        {detail ? (
          <>
            {detail.counts.running} running
            <div className="muted small">
              of {detail.counts.containers} · {detail.counts.images}{' '}
              {detail.counts.images === 1 ? 'image' : 'images'}
            </div>
          </>
        ) : (
          '—'
        )}
      </td>
    </>
  );
}

function Tags({ host }: { host: Host }) {
  const labels = Object.entries(host.labels);
  if (labels.length === 0 && host.groups.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {host.groups.map((g) => (
        <span key={`g-${g}`} className="label host-group" title="host group">
          {g}
        </span>
      ))}
      {labels.map(([k, v]) => (
        <span key={k} className="label">
          {k}={v}
        </span>
      ))}
    </>
  );
}

interface RowProps {
  host: Host;
  now: number;
  detail: HostDetail | undefined;
  actions: ((host: Host) => ReactNode) | undefined;
}

function HostRow({ host, now, detail, actions }: RowProps) {
  const f = host.facts;
  return (
    <tr data-host-id={host.id} data-status={host.status}>
      <th scope="row">{host.name}</th>
      <td title={host.lastSeenAt ?? 'never'}>
        <StatusBadge status={host.status} />
        {host.status !== 'online' && (
          <div className="muted small">last seen {lastSeen(host, now)}</div>
        )}
      </td>
      <td>
        {f?.os ?? '—'}
        {f && (
          <div className="muted small">{`${f.kernel} · ${f.arch} · cgroup ${f.cgroupVersion}`}</div>
        )}
      </td>
      <Usage host={host} detail={detail} />
      <td>
        {f?.runtime ? `${f.runtime.name} ${f.runtime.version}` : '—'}
        {f?.engineVersion && <div className="muted small">engine {f.engineVersion}</div>}
      </td>
      <td>
        <Tags host={host} />
      </td>
      {actions && <td className="host-actions">{actions(host)}</td>}
    </tr>
  );
}

const COLUMNS = [
  'Name',
  'Status',
  'System',
  'CPU',
  'Memory',
  'Containers',
  'Runtime',
  'Groups & labels',
];

/**
 * Hosts sorted by name; rows carry `data-status` so tests and styles can read the state. `now` is
 * passed in so "last seen" ages while no push arrives. `details` adds usage and counts per host,
 * `actions` a last column of buttons.
 */
export function HostsTable({
  hosts,
  now,
  details = {},
  actions,
}: {
  hosts: Host[];
  now: number;
  details?: Readonly<Record<string, HostDetail>>;
  actions?: (host: Host) => ReactNode;
}) {
  const sorted = [...hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return (
    <div className="table-wrap">
      <table className="table hosts-table" aria-label="Hosts">
        <thead>
          <tr>
            {[...COLUMNS, ...(actions ? ['Actions'] : [])].map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((host) => (
            <HostRow
              key={host.id}
              host={host}
              now={now}
              detail={details[host.id]}
              actions={actions}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
