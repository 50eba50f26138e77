'use client';

import { dockerApi, errorMessage, type ContainerTop } from '@wharf/web-data-access';
import { useCallback, useEffect, useState } from 'react';

function TopTable({ top }: { top: ContainerTop }) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Processes">
        <thead>
          <tr>
            {top.Titles.map((t) => (
              <th key={t} scope="col">
                {t}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {top.Processes.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j} className={j === row.length - 1 ? undefined : 'num'}>
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The container's processes (`/top`), refreshed on demand. */
export function ProcessesTab({
  host,
  id,
  running,
}: {
  host: string;
  id: string;
  running: boolean;
}) {
  const [top, setTop] = useState<ContainerTop>();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const load = useCallback(() => {
    setBusy(true);
    dockerApi<ContainerTop>(host, `/containers/${encodeURIComponent(id)}/top`)
      .then(
        (t) => {
          setTop(t);
          setError(undefined);
        },
        (e: unknown) => setError(errorMessage(e)),
      )
      .finally(() => setBusy(false));
  }, [host, id]);
  useEffect(() => {
    if (running) load();
  }, [running, load]);
  if (!running) return <p className="muted">The container is not running: it has no processes.</p>;
  return (
    <div className="cd-processes">
      <div className="toolbar">
        <button type="button" onClick={load} disabled={busy}>
          {busy ? 'Refreshing…' : 'Refresh'}
        </button>
        {top && (
          <span className="muted small" role="status">
            {top.Processes.length} {top.Processes.length === 1 ? 'process' : 'processes'}
          </span>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!top && !error && (
        <p className="muted loading" role="status">
          Loading processes…
        </p>
      )}
      {top && <TopTable top={top} />}
    </div>
  );
}
