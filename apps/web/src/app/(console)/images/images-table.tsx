'use client';

import type { Host, InventoryItem } from '@wharf/contracts';
import { inventoryKey } from '@wharf/web-data-access';
import { formatBytes, relativeTime } from '@wharf/web-ui';

import { imageLabel } from './image-panels';
import { hostName } from './relay';

export interface ImageRowActions {
  canTag: (item: InventoryItem) => boolean;
  canRemove: (item: InventoryItem) => boolean;
  onHistory: (item: InventoryItem) => void;
  onTag: (item: InventoryItem) => void;
  onRemove: (item: InventoryItem) => void;
}

function Tags({ item }: { item: InventoryItem }) {
  const tags = item.detail === '' ? [] : item.detail.split(',');
  if (tags.length === 0) return <span className="badge iv-dangling">dangling</span>;
  return (
    <>
      {tags.map((t) => (
        <div key={t} className="iv-tag">
          {t}
        </div>
      ))}
    </>
  );
}

function ImageRow(props: {
  item: InventoryItem;
  hosts: readonly Host[] | undefined;
  now: number;
  actions: ImageRowActions;
}) {
  const { item, hosts, now, actions } = props;
  const label = imageLabel(item);
  return (
    <tr data-image={item.id} data-dangling={item.detail === ''}>
      <th scope="row">
        <Tags item={item} />
      </th>
      <td>
        <code title={item.id}>{item.id.replace(/^sha256:/, '').slice(0, 12)}</code>
      </td>
      <td>{hostName(hosts, item.hostId)}</td>
      <td className="num">{formatBytes(item.sizeBytes)}</td>
      <td title={item.createdAt}>{relativeTime(item.createdAt, now)}</td>
      <td className="rs-row-actions">
        <button
          type="button"
          className="ghost"
          aria-label={`History of ${label}`}
          onClick={() => actions.onHistory(item)}
        >
          History
        </button>
        {actions.canTag(item) && (
          <button
            type="button"
            className="ghost"
            aria-label={`Tag ${label}`}
            onClick={() => actions.onTag(item)}
          >
            Tag
          </button>
        )}
        {actions.canRemove(item) && (
          <button
            type="button"
            className="ghost danger"
            aria-label={`Remove ${label}`}
            onClick={() => actions.onRemove(item)}
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

/** Images with their tags (or "dangling"), short id, host, size and age, and row actions. */
export function ImagesTable({
  rows,
  hosts,
  now,
  actions,
}: {
  rows: InventoryItem[];
  hosts: readonly Host[] | undefined;
  now: number;
  actions: ImageRowActions;
}) {
  return (
    <div className="table-wrap">
      <table className="table rs-table" aria-label="Images">
        <thead>
          <tr>
            <th scope="col">Repository:tag</th>
            <th scope="col">ID</th>
            <th scope="col">Host</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Created</th>
            <th scope="col">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((item) => (
            <ImageRow
              key={inventoryKey(item)}
              item={item}
              hosts={hosts}
              now={now}
              actions={actions}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
