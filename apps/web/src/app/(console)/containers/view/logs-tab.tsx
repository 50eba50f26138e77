'use client';

import { useContainerLogs, type LogLine } from '@wharf/web-data-access';
import { Highlight } from '@wharf/web-ui';
import { useEffect, useMemo, useRef, useState } from 'react';

const TAILS = ['100', '500', '1000', 'all'] as const;

interface Options {
  tail: (typeof TAILS)[number];
  follow: boolean;
  paused: boolean;
  timestamps: boolean;
  query: string;
  onlyMatching: boolean;
}

function download(name: string, lines: LogLine[], timestamps: boolean) {
  const text = lines
    .map(
      (l) =>
        `${timestamps && l.time ? `${l.time} ` : ''}${l.stream === 'stderr' ? '[stderr] ' : ''}${l.text}`,
    )
    .join('\n');
  const url = URL.createObjectURL(new Blob([`${text}\n`], { type: 'text/plain' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${name}.log`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function Check(props: { label: string; checked: boolean; onChange: (checked: boolean) => void }) {
  return (
    <label className="cd-check">
      <input
        type="checkbox"
        checked={props.checked}
        onChange={(e) => props.onChange(e.target.checked)}
      />{' '}
      {props.label}
    </label>
  );
}

interface ToolbarProps {
  o: Options;
  set: (p: Partial<Options>) => void;
  onPause: () => void;
}

function StreamControls({ o, set, onPause }: ToolbarProps) {
  return (
    <>
      <label className="cd-check">
        <span>Lines</span>
        <select
          aria-label="Tail size"
          value={o.tail}
          onChange={(e) => set({ tail: e.target.value as Options['tail'] })}
        >
          {TAILS.map((t) => (
            <option key={t} value={t}>
              {t === 'all' ? 'all' : `last ${t}`}
            </option>
          ))}
        </select>
      </label>
      <Check label="Follow" checked={o.follow} onChange={(follow) => set({ follow })} />
      <button type="button" disabled={!o.follow} aria-pressed={o.paused} onClick={onPause}>
        {o.paused ? 'Resume' : 'Pause'}
      </button>
      <Check
        label="Timestamps"
        checked={o.timestamps}
        onChange={(timestamps) => set({ timestamps })}
      />
    </>
  );
}

function SearchControls({ o, set, matches }: Omit<ToolbarProps, 'onPause'> & { matches: number }) {
  return (
    <>
      <input
        type="search"
        aria-label="Search logs"
        placeholder="Search"
        value={o.query}
        onChange={(e) => set({ query: e.target.value })}
      />
      {o.query !== '' && (
        <>
          <span className="muted small" role="status">
            {matches} matching {matches === 1 ? 'line' : 'lines'}
          </span>
          <Check
            label="Only matching"
            checked={o.onlyMatching}
            onChange={(onlyMatching) => set({ onlyMatching })}
          />
        </>
      )}
    </>
  );
}

function LogLines({ lines, o }: { lines: LogLine[]; o: Options }) {
  const q = o.query;
  return (
    <>
      {lines.map((l, i) => (
        <div
          key={i}
          className={`cd-log-line${l.stream === 'stderr' ? ' stderr' : ''}`}
          data-stream={l.stream}
        >
          {l.stream === 'stderr' && <span className="cd-stream-tag">stderr</span>}
          {o.timestamps && l.time && <span className="cd-log-time">{l.time}</span>}
          <span>
            <Highlight text={l.text} query={q} />
          </span>
        </div>
      ))}
    </>
  );
}

/** What is on screen: everything so far, or a snapshot while paused; kept scrolled to the end. */
function useLogView(lines: LogLine[], o: Options) {
  const [frozen, setFrozen] = useState<LogLine[]>();
  const shown = o.paused && frozen ? frozen : lines;
  const q = o.query.toLowerCase();
  const matching = useMemo(
    () => (q === '' ? shown : shown.filter((l) => l.text.toLowerCase().includes(q))),
    [shown, q],
  );
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!o.paused && box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [shown, o.paused]);
  return {
    shown,
    matching,
    box,
    freeze: () => setFrozen(lines),
    newSince: lines.length - shown.length,
  };
}

const DEFAULTS: Options = {
  tail: '100',
  follow: true,
  paused: false,
  timestamps: false,
  query: '',
  onlyMatching: false,
};

function statusText(streaming: boolean, o: Options): string {
  if (!streaming) return 'Not following.';
  if (o.paused) return 'Paused: new lines are kept and shown on resume.';
  return o.follow ? 'Following live.' : 'Loading…';
}

/** Live logs: follow, tail size, pause, timestamps, search with highlighting, download. */
export function LogsTab(props: { host: string; id: string; name: string; tty: boolean }) {
  const [o, setO] = useState<Options>(DEFAULTS);
  const set = (p: Partial<Options>) =>
    setO((prev) => ({ ...prev, ...p, ...(p.follow === false ? { paused: false } : {}) }));
  const tail = o.tail === 'all' ? 'all' : Number(o.tail);
  const logs = useContainerLogs({ ...props, tail, follow: o.follow });
  const view = useLogView(logs.lines, o);
  const onPause = () => {
    if (!o.paused) view.freeze();
    set({ paused: !o.paused });
  };
  return (
    <div className="cd-logs">
      <div className="toolbar cd-log-toolbar">
        <StreamControls o={o} set={set} onPause={onPause} />
        <SearchControls o={o} set={set} matches={view.matching.length} />
        <button type="button" onClick={() => download(props.name, view.shown, o.timestamps)}>
          Download
        </button>
      </div>
      {logs.error && (
        <p className="error" role="alert">
          {logs.error}
        </p>
      )}
      <p className="muted small" role="status">
        {statusText(logs.streaming, o)} {view.shown.length} lines
        {o.paused ? ` (${view.newSince} new since the pause)` : ''}.
      </p>
      <div
        ref={view.box}
        className="cd-log-view"
        role="log"
        aria-label="Container logs"
        tabIndex={0}
      >
        {view.shown.length === 0 && !logs.error && <p className="muted">No log lines yet.</p>}
        <LogLines lines={o.onlyMatching ? view.matching : view.shown} o={o} />
      </div>
    </div>
  );
}
