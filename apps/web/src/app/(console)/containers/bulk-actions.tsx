'use client';

import { dockerApi, errorMessage } from '@wharf/web-data-access';
import { ConfirmDialog, type ContainerRow } from '@wharf/web-ui';
import { useState } from 'react';

export type BulkAction = 'start' | 'stop' | 'restart' | 'kill' | 'remove';

const LABELS: Record<BulkAction, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  kill: 'Kill',
  remove: 'Remove',
};

/** The relay call for one container; removal forces, as `docker rm -f`. */
function perform(action: BulkAction, row: ContainerRow): Promise<unknown> {
  const { hostId, id } = row.item;
  const path = `/containers/${encodeURIComponent(id)}`;
  return action === 'remove'
    ? dockerApi(hostId, `${path}?force=1`, { method: 'DELETE' })
    : dockerApi(hostId, `${path}/${action}`, { method: 'POST' });
}

function ConfirmBulk({
  action,
  chosen,
  onConfirm,
  onCancel,
}: {
  action: BulkAction;
  chosen: ContainerRow[];
  onConfirm: () => void;
  onCancel: () => void;
}) {
  return (
    <ConfirmDialog
      title={`${LABELS[action]} ${chosen.length} container${chosen.length === 1 ? '' : 's'}?`}
      confirmLabel={LABELS[action]}
      onConfirm={onConfirm}
      onCancel={onCancel}
    >
      <p>
        {action === 'remove'
          ? 'They are deleted with their writable layers (running ones are killed first). This cannot be undone.'
          : 'They are stopped at once with SIGKILL, without a chance to clean up.'}
      </p>
      <ul className="ct-confirm-list">
        {chosen.slice(0, 10).map((r) => (
          <li key={r.key}>
            {r.item.name} <span className="muted">on {r.hostName}</span>
          </li>
        ))}
        {chosen.length > 10 && <li className="muted">and {chosen.length - 10} more</li>}
      </ul>
    </ConfirmDialog>
  );
}

function Failures({ failures }: { failures: { name: string; message: string }[] }) {
  return failures.length === 0 ? null : (
    <ul className="error ct-failures" role="alert">
      {failures.map((f) => (
        <li key={f.name}>
          {f.name}: {f.message}
        </li>
      ))}
    </ul>
  );
}

export interface BulkPermissions {
  operate: (row: ContainerRow) => boolean;
  remove: (row: ContainerRow) => boolean;
}

/**
 * Start/stop/restart/kill/remove for the selected containers, each on its own host; kill and remove
 * ask first. Failures are listed per container with the engine's or server's message.
 */
export function BulkActions({
  chosen,
  may,
  onDone,
}: {
  chosen: ContainerRow[];
  may: BulkPermissions;
  onDone: () => void;
}) {
  const [busy, setBusy] = useState<BulkAction>();
  const [confirming, setConfirming] = useState<BulkAction>();
  const [failures, setFailures] = useState<{ name: string; message: string }[]>([]);
  const allowed = (action: BulkAction) =>
    chosen.length > 0 &&
    chosen.every((r) => (action === 'remove' ? may.remove(r) : may.operate(r)));
  const shown = (['start', 'stop', 'restart', 'kill', 'remove'] as const).filter((a) =>
    a === 'remove' ? chosen.some(may.remove) || chosen.length === 0 : true,
  );

  async function run(action: BulkAction) {
    setConfirming(undefined);
    setBusy(action);
    const results = await Promise.allSettled(chosen.map((row) => perform(action, row)));
    setFailures(
      results.flatMap((r, i) =>
        r.status === 'rejected'
          ? [{ name: chosen[i]?.item.name ?? '', message: errorMessage(r.reason) }]
          : [],
      ),
    );
    setBusy(undefined);
    onDone();
  }

  return (
    <div className="ct-bulk" role="group" aria-label="Actions on the selected containers">
      <span className="muted">{chosen.length} selected</span>
      {shown.map((action) => (
        <button
          key={action}
          type="button"
          className={action === 'remove' || action === 'kill' ? 'danger' : undefined}
          disabled={busy !== undefined || !allowed(action)}
          onClick={() =>
            action === 'kill' || action === 'remove' ? setConfirming(action) : void run(action)
          }
        >
          {busy === action ? `${LABELS[action]}…` : LABELS[action]}
        </button>
      ))}
      {confirming && (
        <ConfirmBulk
          action={confirming}
          chosen={chosen}
          onConfirm={() => void run(confirming)}
          onCancel={() => setConfirming(undefined)}
        />
      )}
      <Failures failures={failures} />
    </div>
  );
}
