'use client';

import type { ConsoleClosed, ConsoleOutput } from '@wharf/contracts';
import { useEffect, useMemo, useRef, useState } from 'react';

import { newlinesToCrlf } from './line-discipline';
import { useUiSocket } from '../ui-socket-context';
import type { UiSocket } from '../ui-socket';

export type ConsoleState =
  | { phase: 'idle' }
  | { phase: 'opening' }
  /** `tty` is false when attached to a container without a TTY (plain lines, no echo). */
  | { phase: 'open'; sessionId: string; tty: boolean }
  | { phase: 'ended'; exitCode: number | null }
  | { phase: 'failed'; error: string };

export interface ConsoleRequest {
  hostId: string;
  containerId: string;
  /** A new shell (`exec`) or the container's main process (`attach`, where cmd and user do not apply). */
  mode: 'exec' | 'attach';
  cmd?: string[];
  user?: string;
  cols: number;
  rows: number;
}

export interface ConsoleSink {
  /** Output bytes for the terminal; call `done` once written (that acknowledges the piece). */
  write(data: Uint8Array, done: () => void): void;
}

export interface ConsoleSession {
  state: ConsoleState;
  open(request: ConsoleRequest): void;
  input(data: string): void;
  resize(cols: number, rows: number): void;
  close(): void;
}

const fromBase64 = (data: string): Uint8Array =>
  Uint8Array.from(atob(data), (c) => c.charCodeAt(0));

/** One browser-side console: the session id, output held while opening, and the socket events. */
class ConsoleLink {
  private session: string | undefined;
  /** Whether the session's process has a TTY (which turns its `\n` into `\r\n` itself). */
  private tty = true;
  /** Output (and ends) that arrived while `console.open` was still waiting for its answer. */
  private early: { output: ConsoleOutput; ack: () => void }[] | undefined;
  private earlyClosed: ConsoleClosed[] = [];

  constructor(
    private readonly socket: UiSocket,
    private readonly sink: () => ConsoleSink,
    private readonly setState: (state: ConsoleState) => void,
  ) {}

  private readonly onOutput = (output: ConsoleOutput, ack: () => void) => {
    if (this.session === undefined && this.early !== undefined)
      return void this.early.push({ output, ack });
    if (output.sessionId !== this.session) return;
    const bytes = fromBase64(output.data);
    this.sink().write(this.tty ? bytes : newlinesToCrlf(bytes), ack);
  };

  private readonly onClosed = (closed: ConsoleClosed) => {
    if (this.session === undefined && this.early !== undefined)
      return void this.earlyClosed.push(closed);
    if (closed.sessionId !== this.session) return;
    this.session = undefined;
    this.setState({ phase: 'ended', exitCode: closed.exitCode });
  };

  private readonly onDisconnect = () => {
    if (this.session === undefined) return;
    this.session = undefined;
    this.setState({ phase: 'failed', error: 'the connection to the server was lost' });
  };

  attach(): () => void {
    this.socket.on('console.output', this.onOutput);
    this.socket.on('console.closed', this.onClosed);
    this.socket.on('disconnect', this.onDisconnect);
    return () => {
      this.socket.off('console.output', this.onOutput);
      this.socket.off('console.closed', this.onClosed);
      this.socket.off('disconnect', this.onDisconnect);
      this.close();
      this.session = undefined;
    };
  }

  open(request: ConsoleRequest): void {
    this.close();
    this.session = undefined;
    this.early = [];
    this.earlyClosed = [];
    this.setState({ phase: 'opening' });
    this.socket.emit('console.open', request, (reply) => {
      const held = this.early ?? [];
      this.early = undefined;
      if (!reply.ok) return this.setState({ phase: 'failed', error: reply.error });
      this.session = reply.sessionId;
      this.tty = reply.tty;
      this.setState({ phase: 'open', sessionId: reply.sessionId, tty: reply.tty });
      // The shell may print its prompt (or even exit) before the server's answer reaches us.
      for (const { output, ack } of held) this.onOutput(output, ack);
      for (const closed of this.earlyClosed) this.onClosed(closed);
      this.earlyClosed = [];
    });
  }

  input(data: string): void {
    if (this.session !== undefined)
      this.socket.emit('console.input', { sessionId: this.session, data });
  }

  resize(cols: number, rows: number): void {
    if (this.session !== undefined)
      this.socket.emit('console.resize', { sessionId: this.session, cols, rows });
  }

  close(): void {
    if (this.session !== undefined) this.socket.emit('console.close', { sessionId: this.session });
  }
}

/**
 * An interactive exec or attach over the `/ui` socket (`console.open/input/resize/close`). Each output piece
 * is acknowledged only after the sink wrote it, so a slow terminal slows the shell. The session is
 * closed when the component unmounts.
 */
export function useConsoleSession(sink: ConsoleSink): ConsoleSession {
  const { socket } = useUiSocket();
  const [state, setState] = useState<ConsoleState>({ phase: 'idle' });
  const [link, setLink] = useState<ConsoleLink>();
  const sinkRef = useRef(sink);
  sinkRef.current = sink;

  useEffect(() => {
    if (!socket) return undefined;
    const next = new ConsoleLink(socket, () => sinkRef.current, setState);
    setLink(next);
    return next.attach();
  }, [socket]);

  // Stable per socket, so terminals can wire them once.
  const actions = useMemo(
    () => ({
      open: (request: ConsoleRequest) => link?.open(request),
      input: (data: string) => link?.input(data),
      resize: (cols: number, rows: number) => link?.resize(cols, rows),
      close: () => link?.close(),
    }),
    [link],
  );
  return { state, ...actions };
}
