'use client';

import { useLiveHosts, useUiSocket } from '@wharf/web-data-access';
import { EmptyState, HostsTable, useNow } from '@wharf/web-ui';

import { AddHost } from './add-host';

function Summary({ online, total }: { online: number; total: number }) {
  const live = useUiSocket().connection === 'connected';
  return (
    <p className="muted page-sub">
      {total} {total === 1 ? 'host' : 'hosts'} · {online} online ·{' '}
      {live ? 'updates live' : 'updates paused until the server is back'}
    </p>
  );
}

/** The fleet at a glance; rows change in place as the server pushes host updates. */
export default function HostsPage() {
  const { hosts, error } = useLiveHosts();
  const now = useNow();
  const online = hosts?.filter((h) => h.status === 'online').length ?? 0;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Hosts</h1>
          {hosts && <Summary online={online} total={hosts.length} />}
        </div>
        <AddHost />
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {hosts === undefined && !error && (
        <p className="muted loading" role="status">
          Loading hosts…
        </p>
      )}
      {hosts?.length === 0 && (
        <EmptyState title="No hosts yet">
          <p>Use “Add host” to get a join command, run it on a machine, and it appears here.</p>
        </EmptyState>
      )}
      {hosts && hosts.length > 0 && <HostsTable hosts={hosts} now={now} />}
    </>
  );
}
