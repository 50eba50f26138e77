'use client';

import {
  containerName,
  dockerApi,
  errorMessage,
  type ContainerInspect,
} from '@wharf/web-data-access';
import { useState } from 'react';

import { ConfirmDialog } from '@wharf/web-ui';

type Action = 'start' | 'stop' | 'restart' | 'kill' | 'pause' | 'unpause';

const LABELS: Record<Action, string> = {
  start: 'Start',
  stop: 'Stop',
  restart: 'Restart',
  kill: 'Kill',
  pause: 'Pause',
  unpause: 'Resume',
};

function available(c: ContainerInspect): Action[] {
  if (c.State.Paused) return ['unpause', 'stop', 'kill'];
  if (c.State.Running || c.State.Restarting) return ['stop', 'restart', 'pause', 'kill'];
  return ['start'];
}

function confirmText(what: 'kill' | 'remove', c: ContainerInspect): string {
  const name = containerName(c);
  if (what === 'kill')
    return `${name} is stopped at once with SIGKILL, without a chance to clean up.`;
  const running = c.State.Running ? ' (it is running: it is killed first)' : '';
  return `${name} and its writable layer are deleted${running}. This cannot be undone.`;
}

/** Runs one call at a time, remembering which and the server's message when it fails. */
function useRunner() {
  const [busy, setBusy] = useState<string>();
  const [error, setError] = useState<string>();
  const run = async (label: string, call: () => Promise<unknown>, after: () => unknown) => {
    setBusy(label);
    setError(undefined);
    try {
      await call();
      await after();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(undefined);
    }
  };
  return { busy, error, run };
}

interface Props {
  host: string;
  c: ContainerInspect;
  canOperate: boolean;
  canDelete: boolean;
  onChanged: () => Promise<void>;
  onRemoved: () => void;
}

/** Lifecycle buttons for the container's current state; kill and remove ask first. */
export function ContainerActions({ host, c, canOperate, canDelete, onChanged, onRemoved }: Props) {
  const { busy, error, run } = useRunner();
  const [confirm, setConfirm] = useState<'kill' | 'remove'>();
  const base = `/containers/${encodeURIComponent(c.Id)}`;
  const act = (a: Action) =>
    run(LABELS[a], () => dockerApi(host, `${base}/${a}`, { method: 'POST' }), onChanged);
  const remove = () =>
    run('Remove', () => dockerApi(host, `${base}?force=1`, { method: 'DELETE' }), onRemoved);
  return (
    <div className="cd-actions">
      <div role="group" aria-label="Container actions" className="cd-buttons">
        {canOperate &&
          available(c).map((a) => (
            <button
              key={a}
              type="button"
              disabled={busy !== undefined}
              className={a === 'kill' ? 'danger' : undefined}
              onClick={() => (a === 'kill' ? setConfirm('kill') : void act(a))}
            >
              {busy === LABELS[a] ? `${LABELS[a]}…` : LABELS[a]}
            </button>
          ))}
        {canDelete && (
          <button
            type="button"
            className="danger"
            disabled={busy !== undefined}
            onClick={() => setConfirm('remove')}
          >
            {busy === 'Remove' ? 'Removing…' : 'Remove'}
          </button>
        )}
      </div>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {confirm && (
        <ConfirmDialog
          title={confirm === 'kill' ? 'Kill container?' : 'Remove container?'}
          confirmLabel={confirm === 'kill' ? 'Kill' : 'Remove'}
          onCancel={() => setConfirm(undefined)}
          onConfirm={() => {
            setConfirm(undefined);
            void (confirm === 'kill' ? act('kill') : remove());
          }}
        >
          <p>{confirmText(confirm, c)}</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
