'use client';

import type { Host, Team, User } from '@wharf/contracts';
import {
  apiFetch,
  useAccess,
  useLiveHosts,
  useLiveInventory,
  useSession,
  useUiSocket,
} from '@wharf/web-data-access';
import {
  ContainersTable,
  EmptyState,
  filterRows,
  sortRows,
  toRows,
  useNow,
  type ContainerRow,
  type OwnerNames,
  type RowFilter,
  type SortKey,
  type SortOrder,
} from '@wharf/web-ui';
import { useCallback, useEffect, useMemo, useState } from 'react';

import { BulkActions, type BulkPermissions } from './bulk-actions';
import { Filters } from './filters';

const NO_FAILURES: ReadonlyMap<string, string> = new Map();

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
  const toggleAll = useCallback(
    (select: boolean) => setSelected(select ? new Set(visible.map((r) => r.key)) : new Set()),
    [visible],
  );
  // Only what is still shown counts: a removed or filtered-out container is not acted on.
  const chosen = useMemo(() => visible.filter((r) => selected.has(r.key)), [visible, selected]);
  return { selected, toggle, toggleAll, chosen, select: setSelected };
}

/**
 * Names for the owner column: the teams the user may see with their members, and every user for
 * those who manage users. Ids stay shown (shortened) for the rest; a failed lookup only costs the names.
 */
function useOwnerNames(): OwnerNames | undefined {
  const access = useAccess();
  const manager = access.loaded && access.can('user:manage');
  const [names, setNames] = useState<OwnerNames>();
  useEffect(() => {
    if (!access.loaded) return undefined;
    let cancelled = false;
    const optional = <T,>(path: string, wanted: boolean) =>
      wanted ? apiFetch<T[]>(path).catch(() => [] as T[]) : Promise.resolve([] as T[]);
    void Promise.all([optional<User>('/users', manager), optional<Team>('/teams', true)]).then(
      ([users, teams]) => {
        if (cancelled) return;
        setNames(
          new Map([
            ...teams.flatMap((t) => t.members.map((m) => [m.userId, m.username] as const)),
            ...users.map((u) => [u.id, u.displayName || u.username] as const),
            ...teams.map((t) => [t.id, t.name] as const),
          ]),
        );
      },
    );
    return () => {
      cancelled = true;
    };
  }, [access.loaded, manager]);
  return names;
}

/** What the user may do to a row's container, judged on its host (and the host's groups). */
function usePermissions(hosts: readonly Host[] | undefined): BulkPermissions & { loaded: boolean } {
  const access = useAccess();
  return useMemo(() => {
    const scopes = new Map((hosts ?? []).map((h) => [h.id, { id: h.id, groups: h.groups }]));
    const scope = (row: ContainerRow) =>
      scopes.get(row.item.hostId) ?? { id: row.item.hostId, groups: [] };
    const operate = (row: ContainerRow) => access.can('container:operate', scope(row));
    const remove = (row: ContainerRow) => access.can('container:delete', scope(row));
    const onAnyHost = (permission: 'container:operate' | 'container:delete') =>
      access.loaded && [...scopes.values()].some((s) => access.can(permission, s));
    const anyOperate = onAnyHost('container:operate');
    const anyRemove = onAnyHost('container:delete');
    return { operate, remove, anyOperate, anyRemove, loaded: access.loaded };
  }, [access, hosts]);
}

function Heading({ rows, hosts }: { rows: ContainerRow[] | undefined; hosts: number }) {
  const live = useUiSocket().connection === 'connected';
  const canCreate = useAccess().can('container:create');
  const running = useMemo(
    () => rows?.filter((r) => r.item.state === 'running').length ?? 0,
    [rows],
  );
  return (
    <div className="page-head">
      <div>
        <h1>Containers</h1>
        {rows && (
          <p className="muted page-sub" data-testid="containers-summary">
            {rows.length} on {hosts} host{hosts === 1 ? '' : 's'} · {running} running ·{' '}
            {live ? 'updates live' : 'updates paused until the server is back'}
          </p>
        )}
      </div>
      {canCreate && (
        <a className="button primary" href="/containers/new">
          Create container
        </a>
      )}
    </div>
  );
}

/** Every container on every host the user may see, live from the server's pushes. */
export default function ContainersPage() {
  const { hosts } = useLiveHosts();
  const { items, error } = useLiveInventory('container');
  const now = useNow();
  const [filter, setFilter] = useState<RowFilter>({ host: '', state: '', search: '' });
  const [order, setOrder] = useState<SortOrder>({ key: 'name', descending: false });
  const [failures, setFailures] = useState(NO_FAILURES);
  const me = useSession()?.id;
  const names = useOwnerNames();
  const rows = useMemo(
    () => (items === undefined ? undefined : toRows(items, hosts ?? [], me, names)),
    [items, hosts, me, names],
  );
  // Sorting is the costly step: done when the list or the order changes, not on every keystroke.
  const sorted = useMemo(() => sortRows(rows ?? [], order), [rows, order]);
  const visible = useMemo(() => filterRows(sorted, filter), [sorted, filter]);
  const selection = useSelection(visible);
  const may = usePermissions(hosts);
  const sortBy = useCallback(
    (key: SortKey) => setOrder((o) => ({ key, descending: o.key === key ? !o.descending : false })),
    [],
  );
  const onDone = (failed: ReadonlyMap<string, string>) => {
    setFailures(failed);
    // What failed stays selected, ready for another try.
    selection.select(new Set(failed.keys()));
  };

  return (
    <>
      <Heading rows={rows} hosts={hosts?.length ?? 0} />
      <div className="toolbar" role="search">
        <Filters filter={filter} onChange={setFilter} hosts={hosts ?? []} />
        {(may.anyOperate || may.anyRemove) && (
          <BulkActions chosen={selection.chosen} may={may} onDone={onDone} />
        )}
      </div>
      {may.loaded && !may.anyOperate && !may.anyRemove && (rows?.length ?? 0) > 0 && (
        <p className="muted" role="note">
          You may view these containers; starting, stopping or removing them needs a role that
          allows it.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {rows === undefined && !error && (
        <p className="muted loading" role="status">
          Loading containers…
        </p>
      )}
      {rows?.length === 0 && (
        <EmptyState title="No containers yet">
          <p>Containers on every host you may see appear here as soon as they are created.</p>
        </EmptyState>
      )}
      {rows !== undefined && rows.length > 0 && visible.length === 0 && (
        <p className="muted" role="status">
          No container matches these filters.
        </p>
      )}
      {visible.length > 0 && (
        <>
          {visible.length < (rows?.length ?? 0) && (
            <p className="muted ct-shown" role="status">
              Showing {visible.length} of {rows?.length}.
            </p>
          )}
          <ContainersTable
            rows={visible}
            selected={selection.selected}
            onToggle={selection.toggle}
            onToggleAll={selection.toggleAll}
            order={order}
            onSort={sortBy}
            now={now}
            failures={failures}
          />
        </>
      )}
    </>
  );
}
