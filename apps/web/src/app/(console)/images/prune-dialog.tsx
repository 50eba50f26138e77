'use client';

import type { Host } from '@wharf/contracts';
import { dockerApi, errorMessage } from '@wharf/web-data-access';
import { ConfirmDialog, formatBytes, HostPicker } from '@wharf/web-ui';
import { useState } from 'react';

export type PruneKind = 'images' | 'volumes' | 'networks';

interface PruneReply {
  ImagesDeleted?: unknown[] | null;
  VolumesDeleted?: unknown[] | null;
  NetworksDeleted?: unknown[] | null;
  SpaceReclaimed?: number;
}

/** What a prune did, in a sentence: how many objects went and the space reclaimed. */
export function pruneSummary(kind: PruneKind, hostName: string, reply: PruneReply): string {
  const removed = (reply.ImagesDeleted ?? reply.VolumesDeleted ?? reply.NetworksDeleted ?? [])
    .length;
  const noun = kind.slice(0, -1);
  const what = `${removed} ${removed === 1 ? noun : kind}`;
  const space = kind === 'networks' ? '' : `, reclaimed ${formatBytes(reply.SpaceReclaimed ?? 0)}`;
  return `Pruned on ${hostName}: removed ${what}${space}.`;
}

const EXPLAIN: Record<PruneKind, string> = {
  images: 'Images no container uses are deleted from the host.',
  volumes: 'Volumes no container uses are deleted with their data. This cannot be undone.',
  networks: 'Networks no container is connected to are deleted (built-in networks stay).',
};

/** The narrow and the wide prune of images and volumes, and the filter the wide one sends. */
const SCOPES: Partial<Record<PruneKind, { narrow: string; wide: string; filters: object }>> = {
  images: {
    narrow: 'Dangling only (untagged)',
    wide: 'All unused images',
    filters: { dangling: ['false'] },
  },
  volumes: {
    narrow: 'Anonymous only',
    wide: 'All unused volumes, named ones too',
    filters: { all: ['true'] },
  },
};

function ScopeChoice(props: { kind: PruneKind; all: boolean; onChange: (all: boolean) => void }) {
  const { kind, all, onChange } = props;
  const scope = SCOPES[kind];
  if (!scope) return null;
  return (
    <fieldset className="rs-choice">
      <legend>Which {kind}</legend>
      <label className="cd-check">
        <input
          type="radio"
          name={`rs-prune-${kind}`}
          checked={!all}
          onChange={() => onChange(false)}
        />
        {scope.narrow}
      </label>
      <label className="cd-check">
        <input
          type="radio"
          name={`rs-prune-${kind}`}
          checked={all}
          onChange={() => onChange(true)}
        />
        {scope.wide}
      </label>
    </fieldset>
  );
}

/**
 * Asks before pruning one host's unused `kind`; the host is chosen here when the page shows all
 * hosts. Images can be pruned dangling-only (the default) or all unused.
 */
export function PruneDialog({
  kind,
  hosts,
  initialHost,
  onCancel,
  onDone,
}: {
  kind: PruneKind;
  hosts: readonly Host[];
  initialHost: string;
  onCancel: () => void;
  onDone: (outcome: { message: string } | { error: string }) => void;
}) {
  const [host, setHost] = useState(initialHost);
  const [all, setAll] = useState(false);
  const prune = async () => {
    const filters = all ? SCOPES[kind]?.filters : undefined;
    const query = filters ? `?filters=${encodeURIComponent(JSON.stringify(filters))}` : '';
    try {
      const reply = await dockerApi<PruneReply>(host, `/${kind}/prune${query}`, { method: 'POST' });
      const name = hosts.find((h) => h.id === host)?.name ?? host;
      onDone({ message: pruneSummary(kind, name, reply) });
    } catch (e) {
      onDone({ error: errorMessage(e) });
    }
  };
  return (
    <ConfirmDialog
      title={`Prune unused ${kind}?`}
      confirmLabel="Prune"
      onCancel={onCancel}
      onConfirm={() => void prune()}
    >
      <div className="rs-dialog-body">
        <HostPicker
          id={`rs-prune-host-${kind}`}
          label="Host"
          hosts={hosts}
          value={host}
          onChange={setHost}
        />
        <ScopeChoice kind={kind} all={all} onChange={setAll} />
        <p>{EXPLAIN[kind]}</p>
      </div>
    </ConfirmDialog>
  );
}
