'use client';

import type { Host } from '@wharf/contracts';
import { errorMessage } from '@wharf/web-data-access';
import {
  applyProgress,
  emptyProgress,
  formatBytes,
  HostPicker,
  layerDone,
  layerPercent,
  splitReference,
  type PullProgress,
} from '@wharf/web-ui';
import { useEffect, useRef, useState, type FormEvent } from 'react';

import { Panel } from './image-panels';
import { relayLines } from './relay';

/** One bar per layer as the engine reports it, then the image's own status lines. */
export function PullProgressView({ progress }: { progress: PullProgress }) {
  return (
    <div className="iv-progress" role="group" aria-label="Pull progress">
      {progress.layers.length > 0 && (
        <ul className="iv-layers">
          {progress.layers.map((layer) => (
            <li key={layer.id} data-layer={layer.id} data-done={layerDone(layer)}>
              <code>{layer.id.slice(0, 12)}</code>
              <progress
                max={100}
                value={layerPercent(layer)}
                aria-label={`Layer ${layer.id.slice(0, 12)}: ${layer.status}`}
              />
              <span className="small">
                {layer.status}
                {layer.total !== undefined &&
                  !layerDone(layer) &&
                  ` ${formatBytes(layer.current ?? 0)} / ${formatBytes(layer.total)}`}
              </span>
            </li>
          ))}
        </ul>
      )}
      {progress.messages.length > 0 && (
        <ul className="iv-messages small" aria-label="Pull messages">
          {progress.messages.map((m, i) => (
            <li key={i}>{m}</li>
          ))}
        </ul>
      )}
    </div>
  );
}

type Phase = 'idle' | 'pulling' | 'done' | 'failed';

/** A pull's state as it streams: layers, status lines, and how it ended. */
function usePull() {
  const [progress, setProgress] = useState<PullProgress>(emptyProgress());
  const [phase, setPhase] = useState<Phase>('idle');
  const [error, setError] = useState<string>();
  const abort = useRef<AbortController>(undefined);
  useEffect(() => () => abort.current?.abort(), []);
  const start = async (host: string, reference: string) => {
    const { name, tag } = splitReference(reference);
    const query = new URLSearchParams({ fromImage: name, tag });
    const controller = new AbortController();
    abort.current = controller;
    let state = emptyProgress();
    setProgress(state);
    setError(undefined);
    setPhase('pulling');
    try {
      const path = `/images/create?${query.toString()}`;
      await relayLines(host, path, { method: 'POST', signal: controller.signal }, (line) => {
        state = applyProgress(state, line);
        setProgress(state);
      });
      setPhase(state.error === undefined ? 'done' : 'failed');
    } catch (err) {
      if (controller.signal.aborted) return;
      setError(errorMessage(err));
      setPhase('failed');
    }
  };
  return { progress, phase, error: error ?? progress.error, start };
}

/** Pulls `name:tag` on one host through the relay, showing each layer's progress as it streams. */
export function PullPanel({
  hosts,
  initialHost,
  onClose,
}: {
  hosts: readonly Host[];
  initialHost: string;
  onClose: () => void;
}) {
  const [host, setHost] = useState(initialHost);
  const [reference, setReference] = useState('');
  const { progress, phase, error, start } = usePull();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (reference.trim() !== '' && host !== '') void start(host, reference);
  };
  return (
    <Panel id="iv-pull-title" title="Pull an image" onClose={onClose}>
      <form className="iv-form" onSubmit={submit}>
        <HostPicker id="iv-pull-host" label="Host" hosts={hosts} value={host} onChange={setHost} />
        <span className="rs-field rs-grow">
          <label htmlFor="iv-pull-ref">Image</label>
          <input
            id="iv-pull-ref"
            value={reference}
            required
            placeholder="registry.example:5000/team/app:1.0"
            onChange={(e) => setReference(e.target.value)}
          />
        </span>
        <button type="submit" className="primary" disabled={phase === 'pulling' || host === ''}>
          {phase === 'pulling' ? 'Pulling…' : 'Pull'}
        </button>
      </form>
      <p className="hint">Registries on the host&apos;s loopback address are reached over HTTP.</p>
      {phase !== 'idle' && <PullProgressView progress={progress} />}
      {phase === 'done' && (
        <p className="notice" role="status">
          Pulled {reference.trim()}.
        </p>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Panel>
  );
}
