'use client';

import type { Host, InventoryItem, Permission } from '@wharf/contracts';
import {
  dockerApi,
  errorMessage,
  inventoryKey,
  useLiveHosts,
  useLiveInventory,
  useUiSocket,
} from '@wharf/web-data-access';
import { ConfirmDialog, formatBytes, HostPicker, useNow } from '@wharf/web-ui';
import { useMemo, useState } from 'react';

import {
  BuildPanel,
  HistoryPanel,
  imageLabel,
  ListStatus,
  OutcomeNote,
  TagPanel,
  type Outcome,
} from './image-panels';
import { ImagesTable } from './images-table';
import { PruneDialog } from './prune-dialog';
import { PullPanel } from './pull-panel';
import { defaultHost, hostName, sortByName, useHostAccess } from './relay';
import { UploadPanel } from './upload-panel';

type PanelState =
  { kind: 'pull' | 'upload' | 'build' } | { kind: 'tag' | 'history'; item: InventoryItem };

function OpenPanel(props: {
  panel: PanelState | undefined;
  hosts: readonly Host[];
  actionHost: string;
  now: number;
  onClose: () => void;
}) {
  const { panel, hosts, actionHost, now, onClose } = props;
  switch (panel?.kind) {
    case undefined:
      return null;
    case 'pull':
      return <PullPanel hosts={hosts} initialHost={actionHost} onClose={onClose} />;
    case 'upload':
      return <UploadPanel hosts={hosts} initialHost={actionHost} onClose={onClose} />;
    case 'build':
      return <BuildPanel onClose={onClose} />;
    case 'tag':
      return <TagPanel key={inventoryKey(panel.item)} item={panel.item} onClose={onClose} />;
    case 'history':
      return (
        <HistoryPanel
          key={inventoryKey(panel.item)}
          item={panel.item}
          now={now}
          onClose={onClose}
        />
      );
  }
}

function RemoveImageDialog(props: {
  item: InventoryItem;
  hosts: readonly Host[] | undefined;
  onCancel: () => void;
  onDone: (outcome: Outcome) => void;
}) {
  const { item, hosts, onCancel, onDone } = props;
  const [force, setForce] = useState(false);
  const remove = async () => {
    try {
      const query = force ? '?force=1' : '';
      await dockerApi(item.hostId, `/images/${item.id}${query}`, { method: 'DELETE' });
      onDone({ message: `Removed ${imageLabel(item)} from ${hostName(hosts, item.hostId)}.` });
    } catch (e) {
      onDone({ error: errorMessage(e) });
    }
  };
  return (
    <ConfirmDialog
      title="Remove image?"
      confirmLabel="Remove"
      onCancel={onCancel}
      onConfirm={() => void remove()}
    >
      <p>
        {imageLabel(item)} is untagged and deleted from {hostName(hosts, item.hostId)} when no
        container uses it.
      </p>
      <label className="cd-check">
        <input type="checkbox" checked={force} onChange={(e) => setForce(e.target.checked)} />
        Force (remove every tag, even if stopped containers use it)
      </label>
    </ConfirmDialog>
  );
}

function HeadActions(props: {
  canPull: boolean;
  canPrune: boolean;
  onPanel: (kind: 'pull' | 'upload' | 'build') => void;
  onPrune: () => void;
}) {
  return (
    <div className="rs-actions" role="group" aria-label="Image actions">
      {props.canPull && (
        <>
          <button type="button" className="primary" onClick={() => props.onPanel('pull')}>
            Pull image
          </button>
          <button type="button" onClick={() => props.onPanel('upload')}>
            Load archive
          </button>
        </>
      )}
      <button type="button" onClick={() => props.onPanel('build')}>
        Build
      </button>
      {props.canPrune && (
        <button type="button" className="danger" onClick={props.onPrune}>
          Prune
        </button>
      )}
    </div>
  );
}

/** Images on every host (or one), live from the server; pull, load, tag, history, remove, prune. */
export default function ImagesPage() {
  const { hosts } = useLiveHosts();
  const [filter, setFilter] = useState('');
  const { items, error } = useLiveInventory('image', filter || undefined);
  const live = useUiSocket().connection === 'connected';
  const access = useHostAccess(hosts);
  const now = useNow();
  const [panel, setPanel] = useState<PanelState>();
  const [removing, setRemoving] = useState<InventoryItem>();
  const [pruning, setPruning] = useState(false);
  const [outcome, setOutcome] = useState<Outcome>();
  const rows = useMemo(() => sortByName(items), [items]);
  const actionHost = defaultHost(hosts, filter);
  const hostsWith = (p: Permission) => (hosts ?? []).filter((h) => access.can(p, h.id));
  const anyHost = (p: Permission) => (filter ? access.can(p, filter) : hostsWith(p).length > 0);
  const pullHosts =
    panel?.kind === 'pull' || panel?.kind === 'upload' ? hostsWith('image:pull') : [];
  const finish = (o: Outcome) => {
    setRemoving(undefined);
    setPruning(false);
    setOutcome(o);
  };

  return (
    <>
      <div className="page-head">
        <div>
          <h1>Images</h1>
          {items && (
            <p className="muted page-sub">
              {rows.length} images · {formatBytes(rows.reduce((s, i) => s + i.sizeBytes, 0))} ·{' '}
              {live ? 'updates live' : 'updates paused until the server is back'}
            </p>
          )}
        </div>
        <HeadActions
          canPull={access.loaded && anyHost('image:pull')}
          canPrune={access.loaded && anyHost('system:prune')}
          onPanel={(kind) => setPanel({ kind })}
          onPrune={() => setPruning(true)}
        />
      </div>
      <div className="toolbar" role="search">
        <HostPicker
          id="iv-filter-host"
          label="Host"
          allLabel="All hosts"
          hosts={hosts ?? []}
          value={filter}
          onChange={setFilter}
        />
      </div>
      <OpenPanel
        panel={panel}
        hosts={pullHosts}
        actionHost={actionHost}
        now={now}
        onClose={() => setPanel(undefined)}
      />
      <OutcomeNote outcome={outcome} />
      <ListStatus items={items} error={error} noun="images">
        <p>Pull an image from a registry or load an archive; it appears here at once.</p>
      </ListStatus>
      {rows.length > 0 && (
        <ImagesTable
          rows={rows}
          hosts={hosts}
          now={now}
          actions={{
            canTag: (item) => access.can('image:pull', item.hostId),
            canRemove: (item) => access.can('image:delete', item.hostId),
            onHistory: (item) => setPanel({ kind: 'history', item }),
            onTag: (item) => setPanel({ kind: 'tag', item }),
            onRemove: setRemoving,
          }}
        />
      )}
      {removing && (
        <RemoveImageDialog
          item={removing}
          hosts={hosts}
          onCancel={() => setRemoving(undefined)}
          onDone={finish}
        />
      )}
      {pruning && (
        <PruneDialog
          kind="images"
          hosts={hostsWith('system:prune')}
          initialHost={actionHost}
          onCancel={() => setPruning(false)}
          onDone={finish}
        />
      )}
    </>
  );
}
