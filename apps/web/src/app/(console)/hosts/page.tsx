'use client';

import type { Host } from '@wharf/contracts';
import { useAccess, useLiveHosts, useUiSocket } from '@wharf/web-data-access';
import { EmptyState, HostsTable, useNow } from '@wharf/web-ui';

import { AddHost } from './add-host';
import { HostActions } from './host-actions';
import { useHostDetails } from './use-host-details';

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
  const details = useHostDetails(hosts);
  const access = useAccess();
  const manages = (h: Host) => access.can('host:manage', h);
  const anyManaged = (hosts ?? []).some(manages);
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Hosts</h1>
          {hosts && <Summary online={online} total={hosts.length} />}
        </div>
        {access.can('host:manage') && <AddHost />}
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
      {hosts && hosts.length > 0 && (
        <HostsTable
          hosts={hosts}
          now={now}
          details={details}
          actions={anyManaged ? (h) => manages(h) && <HostActions host={h} /> : undefined}
        />
      )}
    </>
  );
}
