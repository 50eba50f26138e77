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
import {
  CreateVolumePanel,
  InspectVolumePanel,
  volumesOf,
  type EngineVolume,
} from './volume-panels';
import { VolumesTable } from './volumes-table';

const volumeKey = (v: EngineVolume) => v.Name;

function RemoveVolumeDialog(props: {
  item: InventoryItem;
  hosts: readonly Host[] | undefined;
  onCancel: () => void;
  onDone: (outcome: Outcome) => void;
}) {
  const { item, hosts, onDone } = props;
  const remove = async () => {
    try {
      await dockerApi(item.hostId, `/volumes/${encodeURIComponent(item.id)}`, { method: 'DELETE' });
      onDone({ message: `Removed volume ${item.name} from ${hostName(hosts, item.hostId)}.` });
    } catch (e) {
      onDone({ error: errorMessage(e) });
    }
  };
  return (
    <ConfirmDialog
      title="Remove volume?"
      confirmLabel="Remove"
      onCancel={props.onCancel}
      onConfirm={() => void remove()}
    >
      <p>
        {item.name} and all its data are deleted from {hostName(hosts, item.hostId)}. This cannot be
        undone.
      </p>
    </ConfirmDialog>
  );
}

type PanelState = { kind: 'create' } | { kind: 'inspect'; item: InventoryItem };

/** Volumes on every host (or one), live from the server; create, inspect, remove and prune. */
export default function VolumesPage() {
  const { hosts } = useLiveHosts();
  const [filter, setFilter] = useState('');
  const { items, error } = useLiveInventory('volume', filter || undefined);
  const { details, error: detailsError } = useEngineDetails(
    items,
    '/volumes',
    volumesOf,
    volumeKey,
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
        <PageTitle title="Volumes" summary={items && `${rows.length} volumes`} />
        <PageActions
          label="Volume actions"
          createLabel="Create volume"
          canCreate={access.offers('volume:write')}
          canPrune={access.offers('system:prune')}
          onCreate={() => setPanel({ kind: 'create' })}
          onPrune={() => setPruning(true)}
        />
      </div>
      <div className="toolbar" role="search">
        <HostPicker
          id="vv-filter-host"
          label="Host"
          allLabel="All hosts"
          hosts={hosts ?? []}
          value={filter}
          onChange={setFilter}
        />
      </div>
      {panel?.kind === 'create' && (
        <CreateVolumePanel
          hosts={access.hostsWith('volume:write')}
          initialHost={defaultHost(hosts, filter)}
          onClose={() => setPanel(undefined)}
          onCreated={(message) => setOutcome({ message })}
        />
      )}
      {panel?.kind === 'inspect' && (
        <InspectVolumePanel
          key={inventoryKey(panel.item)}
          item={panel.item}
          onClose={() => setPanel(undefined)}
        />
      )}
      <OutcomeNote outcome={outcome} />
      <ListStatus items={items} error={error} noun="volumes">
        <p>
          Volumes keep data apart from containers. Create one, or run a container that mounts one.
        </p>
      </ListStatus>
      {rows.length > 0 && (
        <VolumesTable
          rows={rows}
          hosts={hosts}
          details={details}
          detailsError={detailsError}
          canRemove={(item) => access.can('volume:write', item.hostId)}
          onInspect={(item) => setPanel({ kind: 'inspect', item })}
          onRemove={setRemoving}
        />
      )}
      {removing && (
        <RemoveVolumeDialog
          item={removing}
          hosts={hosts}
          onCancel={() => setRemoving(undefined)}
          onDone={finish}
        />
      )}
      {pruning && (
        <PruneDialog
          kind="volumes"
          hosts={access.hostsWith('system:prune')}
          initialHost={defaultHost(hosts, filter)}
          onCancel={() => setPruning(false)}
          onDone={finish}
        />
      )}
    </>
  );
}
