'use client';

import type { AuditEvent, Host } from '@wharf/contracts';

function target(e: AuditEvent): string {
  if (e.targetType === null) return '—';
  return e.targetId ? `${e.targetType} ${e.targetId}` : e.targetType;
}

function details(e: AuditEvent): string {
  const text = JSON.stringify(e.details);
  return text === '{}' ? '' : text;
}

/** Audit rows, newest first; details as compact JSON. */
export function AuditTable({
  events,
  hosts,
}: {
  events: readonly AuditEvent[];
  hosts: readonly Host[];
}) {
  const hostName = (id: string | null) =>
    id === null ? '—' : (hosts.find((h) => h.id === id)?.name ?? id);
  return (
    <div className="table-wrap">
      <table className="table adm-audit" aria-label="Audit log">
        <thead>
          <tr>
            {['#', 'Time', 'Actor', 'Action', 'Target', 'Host', 'Result', 'Details'].map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {events.map((e) => (
            <tr key={e.seq} data-seq={e.seq} data-action={e.action}>
              <td className="num">{e.seq}</td>
              <td className="num" title={e.at}>
                {new Date(e.at).toLocaleString()}
              </td>
              <td>
                {e.actorName}
                <div className="muted small">
                  {e.actorType}
                  {e.tokenId ? ' · token' : ''}
                  {e.ip ? ` · ${e.ip}` : ''}
                </div>
              </td>
              <th scope="row">{e.action}</th>
              <td className="adm-break">{target(e)}</td>
              <td>{hostName(e.hostId)}</td>
              <td>
                <span className={`adm-pill adm-result-${e.result}`}>{e.result}</span>
              </td>
              <td className="adm-details">
                <code>{details(e)}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
