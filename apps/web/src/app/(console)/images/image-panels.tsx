'use client';

import type { InventoryItem } from '@wharf/contracts';
import { dockerApi, errorMessage, useUiSocket } from '@wharf/web-data-access';
import { EmptyState, formatBytes, relativeTime } from '@wharf/web-ui';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';

/** How people name an image: its first tag, else its short id. */
export const imageLabel = (item: InventoryItem): string =>
  item.detail === '' ? item.id.replace(/^sha256:/, '').slice(0, 12) : item.name;

/**
 * A card with a heading and a Close button, shown above the list. Opening it moves focus to its
 * heading (keyboard and screen reader users land in it); Escape closes it.
 */
export function Panel({
  id,
  title,
  onClose,
  children,
}: {
  id: string;
  title: string;
  onClose: () => void;
  children: ReactNode;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section
      className="card iv-panel"
      aria-labelledby={id}
      onKeyDown={(e) => {
        if (e.key === 'Escape') onClose();
      }}
    >
      <div className="card-head">
        <h2 id={id} ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
      {children}
    </section>
  );
}

/** Adds a `repo:tag` to an image (`POST /images/<id>/tag`). */
export function TagPanel({ item, onClose }: { item: InventoryItem; onClose: () => void }) {
  const [repo, setRepo] = useState('');
  const [tag, setTag] = useState('latest');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const [done, setDone] = useState<string>();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setDone(undefined);
    const query = new URLSearchParams({ repo: repo.trim(), tag: tag.trim() });
    try {
      await dockerApi(item.hostId, `/images/${item.id}/tag?${query.toString()}`, {
        method: 'POST',
      });
      setDone(`Tagged as ${repo.trim()}:${tag.trim() || 'latest'}.`);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Panel id="iv-tag-title" title={`Tag ${imageLabel(item)}`} onClose={onClose}>
      <form className="iv-form" onSubmit={(e) => void submit(e)}>
        <span className="rs-field rs-grow">
          <label htmlFor="iv-tag-repo">Repository</label>
          <input
            id="iv-tag-repo"
            required
            value={repo}
            placeholder="team/app"
            onChange={(e) => setRepo(e.target.value)}
          />
        </span>
        <span className="rs-field">
          <label htmlFor="iv-tag-tag">Tag</label>
          <input id="iv-tag-tag" value={tag} onChange={(e) => setTag(e.target.value)} />
        </span>
        <button type="submit" className="primary" disabled={busy || repo.trim() === ''}>
          {busy ? 'Tagging…' : 'Add tag'}
        </button>
      </form>
      {done && (
        <p className="notice" role="status">
          {done}
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

interface HistoryEntry {
  Id: string;
  Created: number;
  CreatedBy: string;
  Tags: string[] | null;
  Size: number;
  Comment: string;
}

function HistoryTable({ entries, now }: { entries: HistoryEntry[]; now: number }) {
  return (
    <div className="table-wrap">
      <table className="table iv-history" aria-label="Image history">
        <thead>
          <tr>
            <th scope="col">Created</th>
            <th scope="col">Created by</th>
            <th scope="col" className="num">
              Size
            </th>
            <th scope="col">Comment</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((e, i) => (
            <tr key={`${e.Id}-${i}`}>
              <td>
                {e.Created > 0 ? relativeTime(new Date(e.Created * 1000).toISOString(), now) : '—'}
              </td>
              <td>
                <code className="iv-created-by">{e.CreatedBy || '—'}</code>
              </td>
              <td className="num">{formatBytes(e.Size)}</td>
              <td>{e.Comment || ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The image's layers, newest first (`GET /images/<id>/history`). */
export function HistoryPanel({
  item,
  now,
  onClose,
}: {
  item: InventoryItem;
  now: number;
  onClose: () => void;
}) {
  const [entries, setEntries] = useState<HistoryEntry[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    dockerApi<HistoryEntry[]>(item.hostId, `/images/${item.id}/history`).then(
      (list) => !cancelled && setEntries(list),
      (e: unknown) => !cancelled && setError(errorMessage(e)),
    );
    return () => {
      cancelled = true;
    };
  }, [item.hostId, item.id]);
  return (
    <Panel id="iv-history-title" title={`History of ${imageLabel(item)}`} onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!entries && !error && (
        <p className="muted loading" role="status">
          Loading history…
        </p>
      )}
      {entries && <HistoryTable entries={entries} now={now} />}
    </Panel>
  );
}

/** Building needs a builder in the engine, which it does not have yet. */
export function BuildPanel({ onClose }: { onClose: () => void }) {
  return (
    <Panel id="iv-build-title" title="Build from a Dockerfile" onClose={onClose}>
      <p role="note">
        Not available yet: the engine has no image builder. Build elsewhere and push to a registry
        to pull it here, or load the archive of a <code>docker save</code>.
      </p>
    </Panel>
  );
}

export type Outcome = { message: string } | { error: string };

/** The result of the last action: a status note, or the server's error message. */
export function OutcomeNote({ outcome }: { outcome: Outcome | undefined }) {
  if (!outcome) return null;
  return 'error' in outcome ? (
    <p className="error" role="alert">
      {outcome.error}
    </p>
  ) : (
    <p className="notice" role="status">
      {outcome.message}
    </p>
  );
}

/** The list's loading, error and empty states; nothing once rows are there. */
export function ListStatus({
  items,
  error,
  noun,
  children,
}: {
  items: readonly unknown[] | undefined;
  error: string | undefined;
  noun: string;
  children: ReactNode;
}) {
  return (
    <>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {items === undefined && !error && (
        <p className="muted loading" role="status">
          Loading {noun}…
        </p>
      )}
      {items?.length === 0 && <EmptyState title={`No ${noun} yet`}>{children}</EmptyState>}
    </>
  );
}

/** A `key=value`-per-line labels box with its message next to it. */
export function LabelsField(props: {
  id: string;
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  return (
    <span className="rs-field rs-grow">
      <label htmlFor={props.id}>Labels (key=value per line)</label>
      <textarea
        id={props.id}
        rows={2}
        value={props.value}
        aria-invalid={props.error !== undefined}
        aria-describedby={`${props.id}-error`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span id={`${props.id}-error`} className="field-error" aria-live="polite">
        {props.error ?? ''}
      </span>
    </span>
  );
}

/** The page's create and prune buttons, each shown only to those who may. */
export function PageActions(props: {
  label: string;
  createLabel: string;
  canCreate: boolean;
  canPrune: boolean;
  onCreate: () => void;
  onPrune: () => void;
}) {
  return (
    <div className="rs-actions" role="group" aria-label={props.label}>
      {props.canCreate && (
        <button type="button" className="primary" onClick={props.onCreate}>
          {props.createLabel}
        </button>
      )}
      {props.canPrune && (
        <button type="button" className="danger" onClick={props.onPrune}>
          Prune
        </button>
      )}
    </div>
  );
}

/** A definition list of label → value rows. */
export function Facts({ label, facts }: { label: string; facts: [string, ReactNode][] }) {
  return (
    <dl className="cd-facts" aria-label={label}>
      {facts.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The page's heading with a one-line summary and whether updates arrive live. */
export function PageTitle({ title, summary }: { title: string; summary: string | undefined }) {
  const live = useUiSocket().connection === 'connected';
  return (
    <div>
      <h1>{title}</h1>
      {summary !== undefined && (
        <p className="muted page-sub">
          {summary} · {live ? 'updates live' : 'updates paused until the server is back'}
        </p>
      )}
    </div>
  );
}
