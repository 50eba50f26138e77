'use client';

import type { Host, InventoryItem } from '@wharf/contracts';
import {
  dockerApi,
  errorMessage,
  inventoryKey,
  useLiveHosts,
  useLiveInventory,
} from '@wharf/web-data-access';
import { ConfirmDialog, HostPicker } from '@wharf/web-ui';
import { useMemo, useState } from 'react';

import {
  ListStatus,
  OutcomeNote,
  PageActions,
  PageTitle,
  type Outcome,
} from '../images/image-panels';
import { PruneDialog } from '../images/prune-dialog';
import {
  defaultHost,
  hostName,
  sortByName,
  useEngineDetails,
  usePagePermissions,
} from '../images/relay';
import { CreateNetworkPanel } from './network-form';
import { InspectNetworkPanel, networkKey, networksOf } from './network-panels';
import { NetworksTable } from './networks-table';

function RemoveNetworkDialog(props: {
  item: InventoryItem;
  hosts: readonly Host[] | undefined;
  onCancel: () => void;
  onDone: (outcome: Outcome) => void;
}) {
  const { item, hosts, onDone } = props;
  const remove = async () => {
    try {
      await dockerApi(item.hostId, `/networks/${encodeURIComponent(item.id)}`, {
        method: 'DELETE',
      });
      onDone({ message: `Removed network ${item.name} from ${hostName(hosts, item.hostId)}.` });
    } catch (e) {
      onDone({ error: errorMessage(e) });
    }
  };
  return (
    <ConfirmDialog
      title="Remove network?"
      confirmLabel="Remove"
      onCancel={props.onCancel}
      onConfirm={() => void remove()}
    >
      <p>
        {item.name} is deleted from {hostName(hosts, item.hostId)}. The engine refuses while
        containers are connected to it.
      </p>
    </ConfirmDialog>
  );
}

type PanelState = { kind: 'create' } | { kind: 'inspect'; item: InventoryItem };

/** Networks on every host (or one), live from the server; create, inspect, remove and prune. */
export default function NetworksPage() {
  const { hosts } = useLiveHosts();
  const [filter, setFilter] = useState('');
  const { items, error } = useLiveInventory('network', filter || undefined);
  const { details, error: detailsError } = useEngineDetails(
    items,
    '/networks',
    networksOf,
    networkKey,
  );
  const access = usePagePermissions(hosts, filter);
  const [panel, setPanel] = useState<PanelState>();
  const [removing, setRemoving] = useState<InventoryItem>();
  const [pruning, setPruning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const rows = useMemo(() => sortByName(items), [items]);
  const finish = (o: Outcome) => {
    setRemoving(undefined);
    setPruning(false);
    setOutcome(o);
  };
  return (
    <>
      <div className="page-head">
        <PageTitle title="Networks" summary={items && `${rows.length} networks`} />
        <PageActions
          label="Network actions"
          createLabel="Create network"
          canCreate={access.offers('network:write')}
          canPrune={access.offers('system:prune')}
          onCreate={() => setPanel({ kind: 'create' })}
          onPrune={() => setPruning(true)}
        />
      </div>
      <div className="toolbar" role="search">
        <HostPicker
          id="nv-filter-host"
          label="Host"
          allLabel="All hosts"
          hosts={hosts ?? []}
          value={filter}
          onChange={setFilter}
        />
      </div>
      {panel?.kind === 'create' && (
        <CreateNetworkPanel
          hosts={access.hostsWith('network:write')}
          initialHost={defaultHost(hosts, filter)}
          onClose={() => setPanel(undefined)}
          onCreated={(message) => setOutcome({ message })}
        />
      )}
      {panel?.kind === 'inspect' && (
        <InspectNetworkPanel
          key={inventoryKey(panel.item)}
          item={panel.item}
          onClose={() => setPanel(undefined)}
        />
      )}
      <OutcomeNote outcome={outcome} />
      <ListStatus items={items} error={error} noun="networks">
        <p>
          Networks connect containers on a host. Create one with its own subnet, or let the engine
          pick one.
        </p>
      </ListStatus>
      {rows.length > 0 && (
        <NetworksTable
          rows={rows}
          hosts={hosts}
          details={details}
          detailsError={detailsError}
          canRemove={(item) => access.can('network:write', item.hostId)}
          onInspect={(item) => setPanel({ kind: 'inspect', item })}
          onRemove={setRemoving}
        />
      )}
      {removing && (
        <RemoveNetworkDialog
          item={removing}
          hosts={hosts}
          onCancel={() => setRemoving(undefined)}
          onDone={finish}
        />
      )}
      {pruning && (
        <PruneDialog
          kind="networks"
          hosts={access.hostsWith('system:prune')}
          initialHost={defaultHost(hosts, filter)}
          onCancel={() => setPruning(false)}
          onDone={finish}
        />
      )}
    </>
  );
}
