'use client';

import {
  useAccess,
  useLiveHosts,
  useLiveInventory,
  useSession,
  useUiSocket,
} from '@wharf/web-data-access';
import {
  ContainersTable,
  EmptyState,
  selectRows,
  toRows,
  useNow,
  type ContainerRow,
  type SortKey,
  type SortOrder,
} from '@wharf/web-ui';
import { useCallback, useMemo, useState } from 'react';

import { BulkActions } from './bulk-actions';
import { Filters } from './filters';

function useSelection(visible: ContainerRow[]) {
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const toggle = useCallback(
    (key: string) =>
      setSelected((s) => {
        const next = new Set(s);
        if (!next.delete(key)) next.add(key);
        return next;
      }),
    [],
  );
  const toggleAll = (select: boolean) =>
    setSelected(select ? new Set(visible.map((r) => r.key)) : new Set());
  // Only what is still shown counts: a removed or filtered-out container is not acted on.
  const chosen = visible.filter((r) => selected.has(r.key));
  return { selected, toggle, toggleAll, chosen, clear: () => setSelected(new Set()) };
}

/** Every container on every host the user may see, live from the server's pushes. */
export default function ContainersPage() {
  const { hosts } = useLiveHosts();
  const { items, error } = useLiveInventory('container');
  const access = useAccess();
  const live = useUiSocket().connection === 'connected';
  const now = useNow();
  const [filter, setFilter] = useState({ host: '', state: '', search: '' });
  const [order, setOrder] = useState<SortOrder>({ key: 'name', descending: false });
  const me = useSession()?.id;
  const rows = useMemo(() => toRows(items ?? [], hosts ?? [], me), [items, hosts, me]);
  const visible = useMemo(() => selectRows(rows, filter, order), [rows, filter, order]);
  const selection = useSelection(visible);
  const hostOf = (row: ContainerRow) => {
    const host = hosts?.find((h) => h.id === row.item.hostId);
    return host ? { id: host.id, groups: host.groups } : { id: row.item.hostId, groups: [] };
  };
  const may = {
    operate: (row: ContainerRow) => access.can('container:operate', hostOf(row)),
    remove: (row: ContainerRow) => access.can('container:delete', hostOf(row)),
  };
  const sortBy = (key: SortKey) =>
    setOrder((o) => ({ key, descending: o.key === key ? !o.descending : false }));
  const running = rows.filter((r) => r.item.state === 'running').length;

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Containers</h1>
          {items && (
            <p className="muted page-sub">
              {rows.length} on {hosts?.length ?? 0} hosts · {running} running ·{' '}
              {live ? 'updates live' : 'updates paused until the server is back'}
            </p>
          )}
        </div>
        {access.can('container:create') && (
          <a className="button primary" href="/containers/new">
            Create container
          </a>
        )}
      </div>
      <div className="toolbar" role="search">
        <Filters filter={filter} onChange={setFilter} hosts={hosts ?? []} />
        {access.loaded && rows.some((r) => may.operate(r) || may.remove(r)) && (
          <BulkActions chosen={selection.chosen} may={may} onDone={selection.clear} />
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items === undefined && !error && (
        <p className="muted loading" role="status">
          Loading containers…
        </p>
      )}
      {items?.length === 0 && (
        <EmptyState title="No containers yet">
          <p>Containers on every host you may see appear here as soon as they are created.</p>
        </EmptyState>
      )}
      {rows.length > 0 && visible.length === 0 && (
        <p className="muted" role="status">
          No container matches these filters.
        </p>
      )}
      {visible.length > 0 && (
        <ContainersTable
          rows={visible}
          selected={selection.selected}
          onToggle={selection.toggle}
          onToggleAll={selection.toggleAll}
          order={order}
          onSort={sortBy}
          now={now}
        />
      )}
    </>
  );
}
