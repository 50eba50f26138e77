'use client';

import '@xterm/xterm/css/xterm.css';

import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import { useConsoleSession, type ConsoleSession, type ConsoleState } from '@wharf/web-data-access';
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';

const SHELLS = ['/bin/sh', '/bin/bash', 'custom'] as const;

interface Term {
  term: Terminal;
  fit: FitAddon;
}

/** xterm.js in `box`, created once (xterm touches the DOM, so it is loaded in the browser only). */
function useTerminal(box: RefObject<HTMLDivElement | null>, session: ConsoleSession) {
  const [term, setTerm] = useState<Term>();
  const latest = useRef(session);
  latest.current = session;
  useEffect(() => {
    let disposed = false;
    let made: Term | undefined;
    void Promise.all([import('@xterm/xterm'), import('@xterm/addon-fit')]).then(([x, f]) => {
      if (disposed || !box.current) return;
      const terminal = new x.Terminal({ cursorBlink: true, fontSize: 14, convertEol: false });
      const fit = new f.FitAddon();
      terminal.loadAddon(fit);
      terminal.open(box.current);
      fit.fit();
      terminal.onData((data) => latest.current.input(data));
      terminal.onResize(({ cols, rows }) => latest.current.resize(cols, rows));
      made = { term: terminal, fit };
      setTerm(made);
    });
    return () => {
      disposed = true;
      made?.term.dispose();
    };
  }, [box]);
  useEffect(() => {
    if (!term || !box.current) return undefined;
    const observer = new ResizeObserver(() => term.fit.fit());
    observer.observe(box.current);
    return () => observer.disconnect();
  }, [term, box]);
  return term;
}

function stateText(state: ConsoleState): string {
  switch (state.phase) {
    case 'idle':
      return 'Not connected.';
    case 'opening':
      return 'Connecting…';
    case 'open':
      return 'Connected.';
    case 'ended':
      return `Session ended${state.exitCode === null ? '' : ` (exit code ${state.exitCode})`}.`;
    case 'failed':
      return state.error;
  }
}

function ShellForm({
  ready,
  state,
  onOpen,
  onClose,
}: {
  /** The terminal is loaded and the container is running. */
  ready: boolean;
  state: ConsoleState;
  onOpen: (cmd: string[], user: string) => void;
  onClose: () => void;
}) {
  const [shell, setShell] = useState<(typeof SHELLS)[number]>('/bin/sh');
  const [custom, setCustom] = useState('');
  const [user, setUser] = useState('');
  const live = state.phase === 'open' || state.phase === 'opening';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cmd = shell === 'custom' ? custom.trim().split(/\s+/).filter(Boolean) : [shell];
    if (cmd.length > 0) onOpen(cmd, user.trim());
  };
  return (
    <form className="toolbar cd-console-form" aria-label="Console session" onSubmit={submit}>
      <label className="cd-check">
        <span>Shell</span>
        <select
          aria-label="Shell"
          value={shell}
          onChange={(e) => setShell(e.target.value as typeof shell)}
        >
          {SHELLS.map((s) => (
            <option key={s} value={s}>
              {s === 'custom' ? 'Custom command…' : s}
            </option>
          ))}
        </select>
      </label>
      {shell === 'custom' && (
        <input
          aria-label="Custom command"
          placeholder="e.g. /usr/bin/env python3"
          value={custom}
          onChange={(e) => setCustom(e.target.value)}
          required
        />
      )}
      <input
        aria-label="User"
        placeholder="User (default: the container's)"
        value={user}
        onChange={(e) => setUser(e.target.value)}
      />
      <button type="submit" className="primary" disabled={!ready || state.phase === 'opening'}>
        {live ? 'Reconnect' : 'Connect'}
      </button>
      <button type="button" disabled={state.phase !== 'open'} onClick={onClose}>
        Disconnect
      </button>
    </form>
  );
}

/** An interactive shell in the container (exec with a TTY) over the /ui socket. */
export function ConsoleTab({ host, id, running }: { host: string; id: string; running: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const termRef = useRef<Term>(undefined);
  const session = useConsoleSession({
    write: (data, done) => termRef.current?.term.write(data, done) ?? done(),
  });
  const term = useTerminal(box, session);
  termRef.current = term;
  const open = (cmd: string[], user: string) => {
    if (!term) return;
    term.term.reset();
    term.fit.fit();
    session.open({
      hostId: host,
      containerId: id,
      cmd,
      cols: term.term.cols,
      rows: term.term.rows,
      ...(user ? { user } : {}),
    });
    term.term.focus();
  };
  const ended = session.state.phase === 'ended' || session.state.phase === 'failed';
  return (
    <div className="cd-console">
      <ShellForm
        ready={running && term !== undefined}
        state={session.state}
        onOpen={open}
        onClose={() => session.close()}
      />
      {!running && (
        <p className="muted">The container is not running: start it to open a console.</p>
      )}
      <p
        className={session.state.phase === 'failed' ? 'error' : 'muted small'}
        role="status"
        data-console-state={session.state.phase}
      >
        {stateText(session.state)}
      </p>
      <div
        ref={box}
        className={`cd-terminal${ended ? ' ended' : ''}`}
        role="region"
        aria-label="Terminal"
      />
    </div>
  );
}
