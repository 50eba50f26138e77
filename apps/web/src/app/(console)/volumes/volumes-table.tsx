'use client';

import type { Host, InventoryItem } from '@wharf/contracts';
import { OWNER_TEAM_LABEL, OWNER_USER_LABEL } from '@wharf/contracts';
import { inventoryKey } from '@wharf/web-data-access';
import { LabelChips } from '@wharf/web-ui';

import { hostName } from '../images/relay';
import type { EngineVolume } from './volume-panels';

/** The owner labels a standard user's create sets, as chips. */
export function Owner({ labels }: { labels: Record<string, string> }) {
  const user = labels[OWNER_USER_LABEL];
  const team = labels[OWNER_TEAM_LABEL];
  if (!user && !team) return <span className="muted">—</span>;
  return (
    <>
      {user && <span className="label">user {user}</span>}
      {team && <span className="label">team {team}</span>}
    </>
  );
}

/** Labels other than the owner ones. */
export const otherLabels = (labels: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(labels).filter(([k]) => k !== OWNER_USER_LABEL && k !== OWNER_TEAM_LABEL),
  );

type TableProps = {
  rows: InventoryItem[];
  hosts: readonly Host[] | undefined;
  /** Why some engine details are missing (a host did not answer). */
  detailsError?: string;
  details: ReadonlyMap<string, EngineVolume>;
  canRemove: (item: InventoryItem) => boolean;
  onInspect: (item: InventoryItem) => void;
  onRemove: (item: InventoryItem) => void;
};

function VolumeRow({ item, ...props }: TableProps & { item: InventoryItem }) {
  return (
    <tr data-volume={item.name}>
      <th scope="row">{item.name}</th>
      <td>{hostName(props.hosts, item.hostId)}</td>
      <td>{item.detail}</td>
      <td>
        <code className="rs-path">{props.details.get(inventoryKey(item))?.Mountpoint ?? '…'}</code>
      </td>
      <td>
        <Owner labels={item.labels} />
      </td>
      <td>
        <LabelChips labels={otherLabels(item.labels)} />
      </td>
      <td className="rs-row-actions">
        <button
          type="button"
          className="ghost"
          aria-label={`Inspect ${item.name}`}
          onClick={() => props.onInspect(item)}
        >
          Inspect
        </button>
        {props.canRemove(item) && (
          <button
            type="button"
            className="ghost danger"
            aria-label={`Remove ${item.name}`}
            onClick={() => props.onRemove(item)}
          >
            Remove
          </button>
        )}
      </td>
    </tr>
  );
}

/** Volumes with host, driver, mountpoint (from the engine), owner and labels, and row actions. */
export function VolumesTable(props: TableProps) {
  return (
    <>
      {props.detailsError && (
        <p className="hint" role="note">
          Mountpoints could not be read from every host: {props.detailsError}
        </p>
      )}
      <div className="table-wrap">
        <table className="table rs-table" aria-label="Volumes">
          <thead>
            <tr>
              {['Name', 'Host', 'Driver', 'Mountpoint', 'Owner', 'Labels'].map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((item) => (
              <VolumeRow key={inventoryKey(item)} item={item} {...props} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
