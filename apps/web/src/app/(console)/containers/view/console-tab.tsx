'use client';

import '@xterm/xterm/css/xterm.css';

import type { FitAddon } from '@xterm/addon-fit';
import type { Terminal } from '@xterm/xterm';
import {
  cookKeys,
  useConsoleSession,
  type ConsoleRequest,
  type ConsoleSession,
  type ConsoleState,
} from '@wharf/web-data-access';
import { useEffect, useRef, useState, type FormEvent, type RefObject } from 'react';

const SHELLS = ['/bin/sh', '/bin/bash', 'custom'] as const;

type Mode = ConsoleRequest['mode'];
type Opening = { mode: 'attach' } | { mode: 'exec'; cmd: string[]; user: string };

interface Term {
  term: Terminal;
  fit: FitAddon;
}

/** xterm.js in `box`, created once (xterm touches the DOM, so it is loaded in the browser only). */
function useTerminal(box: RefObject<HTMLDivElement | null>, session: ConsoleSession) {
  const [term, setTerm] = useState<Term>();
  const latest = useRef(session);
  latest.current = session;
  /** The line being typed to a process without a TTY (sent on Enter), per session. */
  const cooked = useRef({ sessionId: '', line: '' });
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
      terminal.onData((data) => {
        const { state } = latest.current;
        if (state.phase !== 'open' || state.tty) return latest.current.input(data);
        const pending = cooked.current.sessionId === state.sessionId ? cooked.current.line : '';
        const step = cookKeys(pending, data);
        cooked.current = { sessionId: state.sessionId, line: step.line };
        terminal.write(step.echo);
        if (step.send) latest.current.input(step.send);
      });
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
      return state.tty
        ? 'Connected.'
        : 'Attached. The process has no TTY: what you type is sent a line at a time, on Enter.';
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
  onOpen: (opening: Opening) => void;
  onClose: () => void;
}) {
  const [mode, setMode] = useState<Mode>('exec');
  const [shell, setShell] = useState<(typeof SHELLS)[number]>('/bin/sh');
  const [custom, setCustom] = useState('');
  const [user, setUser] = useState('');
  const live = state.phase === 'open' || state.phase === 'opening';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const cmd = shell === 'custom' ? custom.trim().split(/\s+/).filter(Boolean) : [shell];
    if (mode === 'attach') onOpen({ mode });
    else if (cmd.length > 0) onOpen({ mode, cmd, user: user.trim() });
  };
  return (
    <form className="toolbar cd-console-form" aria-label="Console session" onSubmit={submit}>
      <label className="cd-check">
        <span>Mode</span>
        <select aria-label="Mode" value={mode} onChange={(e) => setMode(e.target.value as Mode)}>
          <option value="exec">New shell (exec)</option>
          <option value="attach">Attach to the main process</option>
        </select>
      </label>
      {mode === 'exec' && (
        <ExecFields
          shell={shell}
          setShell={setShell}
          custom={custom}
          setCustom={setCustom}
          user={user}
          setUser={setUser}
        />
      )}
      <button type="submit" className="primary" disabled={!ready || state.phase === 'opening'}>
        {live ? 'Reconnect' : 'Connect'}
      </button>
      <button type="button" disabled={state.phase !== 'open'} onClick={onClose}>
        {mode === 'attach' ? 'Detach' : 'Disconnect'}
      </button>
    </form>
  );
}

function ExecFields(props: {
  shell: (typeof SHELLS)[number];
  setShell: (shell: (typeof SHELLS)[number]) => void;
  custom: string;
  setCustom: (custom: string) => void;
  user: string;
  setUser: (user: string) => void;
}) {
  return (
    <>
      <label className="cd-check">
        <span>Shell</span>
        <select
          aria-label="Shell"
          value={props.shell}
          onChange={(e) => props.setShell(e.target.value as (typeof SHELLS)[number])}
        >
          {SHELLS.map((s) => (
            <option key={s} value={s}>
              {s === 'custom' ? 'Custom command…' : s}
            </option>
          ))}
        </select>
      </label>
      {props.shell === 'custom' && (
        <input
          aria-label="Custom command"
          placeholder="e.g. /usr/bin/env python3"
          value={props.custom}
          onChange={(e) => props.setCustom(e.target.value)}
          required
        />
      )}
      <input
        aria-label="User"
        placeholder="User (default: the container's)"
        value={props.user}
        onChange={(e) => props.setUser(e.target.value)}
      />
    </>
  );
}

/**
 * A console on the container over the /ui socket: a new shell (exec with a TTY), or attached to the
 * main process's stdio as `docker attach` (closing it detaches; the container keeps running).
 */
export function ConsoleTab({ host, id, running }: { host: string; id: string; running: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  const termRef = useRef<Term>(undefined);
  const session = useConsoleSession({
    write: (data, done) => termRef.current?.term.write(data, done) ?? done(),
  });
  const term = useTerminal(box, session);
  termRef.current = term;
  const open = (opening: Opening) => {
    if (!term) return;
    term.term.reset();
    term.fit.fit();
    session.open({
      hostId: host,
      containerId: id,
      mode: opening.mode,
      cols: term.term.cols,
      rows: term.term.rows,
      ...(opening.mode === 'exec' && { cmd: opening.cmd }),
      ...(opening.mode === 'exec' && opening.user && { user: opening.user }),
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
