'use client';

import { dockerApi, errorMessage } from '@wharf/web-data-access';
import { ConfirmDialog, type ContainerRow } from '@wharf/web-ui';
import { useState } from 'react';

export type BulkAction = 'start' | 'stop' | 'restart' | 'kill' | 'remove';

const ACTIONS: readonly BulkAction[] = ['start', 'stop', 'restart', 'kill', 'remove'];
/** Destructive: these ask for confirmation first. */
const ASKS_FIRST: ReadonlySet<BulkAction> = new Set(['kill', 'remove']);

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

/** Requests in flight at once: enough to be quick, few enough not to flood the server. */
const PARALLEL = 8;

/** `Promise.allSettled` over the rows, at most PARALLEL at a time. */
async function settleAll(
  rows: readonly ContainerRow[],
  work: (row: ContainerRow) => Promise<unknown>,
): Promise<PromiseSettledResult<unknown>[]> {
  const results: PromiseSettledResult<unknown>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const at = next++;
      try {
        results[at] = { status: 'fulfilled', value: await work(rows[at]!) };
      } catch (reason) {
        results[at] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL, rows.length) }, worker));
  return results;
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

const PAST: Record<BulkAction, string> = {
  start: 'Started',
  stop: 'Stopped',
  restart: 'Restarted',
  kill: 'Killed',
  remove: 'Removed',
};

interface Outcome {
  action: BulkAction;
  done: number;
  failures: { key: string; name: string; message: string }[];
}

/** What the last bulk action did: a count, and each container it failed on with the message. */
function OutcomeNote({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null;
  const { action, done, failures } = outcome;
  return (
    <div className="ct-outcome">
      {done > 0 && (
        <p className="muted" role="status">
          {PAST[action]} {done} container{done === 1 ? '' : 's'}.
        </p>
      )}
      {failures.length > 0 && (
        <ul className="error ct-failures" role="alert">
          {failures.map((f) => (
            <li key={f.key}>
              {f.name}: {f.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export interface BulkPermissions {
  operate: (row: ContainerRow) => boolean;
  remove: (row: ContainerRow) => boolean;
  /** Whether the user may operate (remove) containers on any host: the buttons shown. */
  anyOperate: boolean;
  anyRemove: boolean;
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
  /** Called after each action with the failed containers: row key → the server's message. */
  onDone: (failures: ReadonlyMap<string, string>) => void;
}) {
  const [busy, setBusy] = useState<BulkAction>();
  const [confirming, setConfirming] = useState<BulkAction>();
  const [outcome, setOutcome] = useState<Outcome>();
  const allowed = (action: BulkAction) =>
    chosen.length > 0 &&
    chosen.every((r) => (action === 'remove' ? may.remove(r) : may.operate(r)));
  const shown = ACTIONS.filter((a) => (a === 'remove' ? may.anyRemove : may.anyOperate));

  async function run(action: BulkAction) {
    setConfirming(undefined);
    setBusy(action);
    const targets = chosen;
    const results = await settleAll(targets, (row) => perform(action, row));
    const failures = results.flatMap((r, i) => {
      const row = targets[i];
      return r.status === 'rejected' && row
        ? [{ key: row.key, name: row.item.name, message: errorMessage(r.reason) }]
        : [];
    });
    setOutcome({ action, done: targets.length - failures.length, failures });
    setBusy(undefined);
    onDone(new Map(failures.map((f) => [f.key, f.message])));
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
          onClick={() => (ASKS_FIRST.has(action) ? setConfirming(action) : void run(action))}
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
      <OutcomeNote outcome={outcome} />
    </div>
  );
}
