'use client';

import type { Host, InventoryItem } from '@wharf/contracts';
import { inventoryKey } from '@wharf/web-data-access';
import { LabelChips } from '@wharf/web-ui';

import { hostName } from '../images/relay';
import { otherLabels, Owner } from '../volumes/volumes-table';
import { BUILT_IN_NETWORKS, ipamOf, type EngineNetwork } from './network-panels';

type TableProps = {
  rows: InventoryItem[];
  hosts: readonly Host[] | undefined;
  /** Why some engine details are missing (a host did not answer). */
  detailsError?: string;
  details: ReadonlyMap<string, EngineNetwork>;
  canRemove: (item: InventoryItem) => boolean;
  onInspect: (item: InventoryItem) => void;
  onRemove: (item: InventoryItem) => void;
};

function NetworkRow({ item, ...props }: TableProps & { item: InventoryItem }) {
  const network = props.details.get(inventoryKey(item));
  const ipam = ipamOf(network);
  const builtIn = BUILT_IN_NETWORKS.has(item.name);
  return (
    <tr data-network={item.name}>
      <th scope="row">
        {item.name}
        {builtIn && <span className="badge nv-builtin">built-in</span>}
      </th>
      <td>{hostName(props.hosts, item.hostId)}</td>
      <td>{item.detail}</td>
      <td>
        <code>{ipam.Subnet ?? (network ? '—' : '…')}</code>
      </td>
      <td>
        <code>{ipam.Gateway ?? (network ? '—' : '…')}</code>
      </td>
      <td>{network ? (network.Internal ? 'yes' : 'no') : '…'}</td>
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
        {!builtIn && props.canRemove(item) && (
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

/** Networks with host, driver, subnet and gateway (from the engine), internal flag and labels. */
export function NetworksTable(props: TableProps) {
  return (
    <>
      {props.detailsError && (
        <p className="hint" role="note">
          Subnets and gateways could not be read from every host: {props.detailsError}
        </p>
      )}
      <div className="table-wrap">
        <table className="table rs-table" aria-label="Networks">
          <thead>
            <tr>
              {['Name', 'Host', 'Driver', 'Subnet', 'Gateway', 'Internal', 'Owner', 'Labels'].map(
                (c) => (
                  <th key={c} scope="col">
                    {c}
                  </th>
                ),
              )}
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.rows.map((item) => (
              <NetworkRow key={inventoryKey(item)} item={item} {...props} />
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
