'use client';

import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useRef } from 'react';

import { relativeTime } from '../format';
import {
  formatUptime,
  portUrl,
  type ContainerRow,
  type SortKey,
  type SortOrder,
} from './container-rows';

const ROW_HEIGHT = 44;
const COLUMNS: { key: SortKey | null; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'host', label: 'Host' },
  { key: 'image', label: 'Image' },
  { key: 'state', label: 'State' },
  { key: null, label: 'Ports' },
  { key: 'uptime', label: 'Uptime' },
  { key: 'created', label: 'Created' },
  { key: null, label: 'Owner' },
];

function StateCell({ row }: { row: ContainerRow }) {
  const { state } = row.item;
  return (
    <span className={`badge ct-state ct-state-${state}`} data-state={state}>
      <span className="dot" aria-hidden="true" />
      {state}
      {row.exitCode !== undefined && <span className="ct-exit"> ({row.exitCode})</span>}
      {row.health && (
        <span className={`ct-health ct-health-${row.health}`} data-health={row.health}>
          {row.health}
        </span>
      )}
    </span>
  );
}

function PortsCell({ row }: { row: ContainerRow }) {
  const ports = row.item.ports ?? [];
  if (ports.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {ports.map((p) =>
        p.publicPort === undefined ? (
          <span key={`${p.privatePort}/${p.type}`} className="label">
            {p.privatePort}/{p.type}
          </span>
        ) : (
          <a
            key={`${p.ip ?? ''}:${p.publicPort}/${p.type}`}
            className="label"
            href={portUrl(p.ip, p.publicPort, row.hostAddress)}
            target="_blank"
            rel="noreferrer"
          >
            {p.publicPort}→{p.privatePort}/{p.type}
          </a>
        ),
      )}
    </>
  );
}

function UptimeCell({ row, now }: { row: ContainerRow; now: number }) {
  const { startedAt, restartCount } = row.item;
  const restarts =
    restartCount !== undefined && restartCount > 0
      ? `${restartCount} restart${restartCount === 1 ? '' : 's'}`
      : '';
  return (
    <>
      {startedAt === undefined ? (
        <span className="muted">—</span>
      ) : (
        <span title={`started ${startedAt}`}>{formatUptime(startedAt, now)}</span>
      )}
      {restarts && <span className="ct-restarts"> · {restarts}</span>}
    </>
  );
}

const Row = memo(function Row({
  row,
  selected,
  onToggle,
  now,
  failure,
}: {
  row: ContainerRow;
  selected: boolean;
  onToggle: (key: string) => void;
  now: number;
  /** The server's message when the last action on this container failed. */
  failure: string | undefined;
}) {
  const { item } = row;
  const href = `/containers/view?host=${encodeURIComponent(item.hostId)}&id=${encodeURIComponent(item.id)}`;
  return (
    <tr
      data-container={item.name}
      data-state={item.state}
      className={failure ? 'ct-failed' : undefined}
      style={{ height: ROW_HEIGHT }}
    >
      <td className="ct-select">
        <input
          type="checkbox"
          checked={selected}
          onChange={() => onToggle(row.key)}
          aria-label={`Select ${item.name}`}
        />
      </td>
      <th scope="row" className="ct-name">
        <a href={href}>{item.name}</a>
        {failure && (
          <span className="ct-row-error" title={failure}>
            {failure}
          </span>
        )}
      </th>
      <td>{row.hostName}</td>
      <td className="ct-image" title={item.detail}>
        {item.detail}
      </td>
      <td>
        <StateCell row={row} />
      </td>
      <td>
        <PortsCell row={row} />
      </td>
      <td>
        <UptimeCell row={row} now={now} />
      </td>
      <td title={item.createdAt}>{relativeTime(item.createdAt, now)}</td>
      <td>{row.owner || <span className="muted">—</span>}</td>
    </tr>
  );
});

function TableHead({
  allSelected,
  onToggleAll,
  order,
  onSort,
}: {
  allSelected: boolean;
  onToggleAll: (select: boolean) => void;
  order: SortOrder;
  onSort: (key: SortKey) => void;
}) {
  return (
    <thead>
      <tr>
        <th scope="col" className="ct-select">
          <input
            type="checkbox"
            checked={allSelected}
            onChange={(e) => onToggleAll(e.target.checked)}
            aria-label="Select all shown containers"
          />
        </th>
        {COLUMNS.map((c) => (
          <th
            key={c.label}
            scope="col"
            aria-sort={
              c.key === order.key ? (order.descending ? 'descending' : 'ascending') : undefined
            }
          >
            {c.key === null ? (
              c.label
            ) : (
              <button type="button" className="ct-sort" onClick={() => onSort(c.key!)}>
                {c.label}
                {c.key === order.key && (
                  <span aria-hidden="true">{order.descending ? ' ▼' : ' ▲'}</span>
                )}
              </button>
            )}
          </th>
        ))}
      </tr>
    </thead>
  );
}

export interface ContainersTableProps {
  rows: ContainerRow[];
  selected: ReadonlySet<string>;
  onToggle: (key: string) => void;
  onToggleAll: (select: boolean) => void;
  order: SortOrder;
  onSort: (key: SortKey) => void;
  now: number;
  /** Row key → the server's message of the last action that failed on it. */
  failures?: ReadonlyMap<string, string>;
}

/**
 * Containers of every host in one table. Only the rows in view are in the DOM (fixed-height rows,
 * spacer rows above and below), so thousands of containers scroll and filter without jank.
 */
export function ContainersTable(props: ContainersTableProps) {
  const { rows, selected, order } = props;
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const top = items[0]?.start ?? 0;
  const bottom = virtual.getTotalSize() - (items.at(-1)?.end ?? 0);
  const allSelected = rows.length > 0 && rows.every((r) => selected.has(r.key));
  return (
    <div className="table-wrap ct-scroller" ref={scroller}>
      <table className="table ct-table" aria-label="Containers" aria-rowcount={rows.length + 1}>
        <TableHead
          allSelected={allSelected}
          onToggleAll={props.onToggleAll}
          order={order}
          onSort={props.onSort}
        />
        <tbody>
          {top > 0 && (
            <tr aria-hidden="true" style={{ height: top }}>
              <td colSpan={COLUMNS.length + 1} />
            </tr>
          )}
          {items.map((v) => {
            const row = rows[v.index];
            return row === undefined ? null : (
              <Row
                key={row.key}
                row={row}
                selected={selected.has(row.key)}
                onToggle={props.onToggle}
                now={props.now}
                failure={props.failures?.get(row.key)}
              />
            );
          })}
          {bottom > 0 && (
            <tr aria-hidden="true" style={{ height: bottom }}>
              <td colSpan={COLUMNS.length + 1} />
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
