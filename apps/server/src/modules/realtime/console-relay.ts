import { randomUUID } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import {
  type ConsoleInput,
  type ConsoleOpen,
  type ConsoleOpenReply,
  type ConsoleResize,
  type ServerToUiEvents,
  type UiToServerEvents,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { type Socket } from 'socket.io';

import { AgentConnections, type AgentSocket } from './agent-connections';

export type UiSocket = Socket<UiToServerEvents, ServerToUiEvents>;

const OUTPUT_ACK_TIMEOUT_MS = 60_000;

interface Session {
  hostId: string;
  ui: UiSocket;
  /** Called once when the session ends (for the audit log). */
  onClosed?: (exitCode: number | null) => Promise<void> | void;
}

/**
 * Interactive consoles between a browser (/ui) and an agent: each output piece is handed to the
 * browser with an ack and only then acknowledged to the agent, so the agent's shell stream is paused
 * while a slow browser catches up. Sessions belong to the browser socket that opened them.
 */
@Injectable()
export class ConsoleRelay {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly connections: AgentConnections) {}

  attachAgent(agent: AgentSocket): void {
    agent.on('console.output', (output, ack) => {
      const session = this.sessions.get(output?.sessionId);
      if (session === undefined || session.hostId !== agent.data.hostId) {
        ack({ ok: false });
        return;
      }
      session.ui
        .timeout(OUTPUT_ACK_TIMEOUT_MS)
        .emit('console.output', output, (error: Error | null) => ack({ ok: error === null }));
    });
    agent.on('console.closed', (closed) => {
      const session = this.sessions.get(closed?.sessionId);
      if (session === undefined || session.hostId !== agent.data.hostId) return;
      this.sessions.delete(closed.sessionId);
      session.ui.emit('console.closed', closed);
      void session.onClosed?.(closed.exitCode);
    });
  }

  /**
   * Opens a console; the caller has already checked the browser's permission. Resolves with the
   * session id and whether the far end is a TTY.
   */
  async open(
    ui: UiSocket,
    open: ConsoleOpen,
    hostLabel: string,
    onClosed?: Session['onClosed'],
  ): Promise<{ sessionId: string; tty: boolean }> {
    const agent = this.connections.get(open.hostId);
    if (agent === undefined)
      throw new AppError('Unavailable', 'HOST_OFFLINE', `host ${hostLabel} is offline`);
    const sessionId = randomUUID();
    this.sessions.set(sessionId, { hostId: open.hostId, ui, onClosed });
    const { hostId: _hostId, ...rest } = open;
    const reply: ConsoleOpenReply = await agent
      .timeout(30_000)
      .emitWithAck('console.open', { ...rest, sessionId })
      .then((answer: unknown) => answer as ConsoleOpenReply)
      .catch(() => ({ ok: false, error: 'the agent did not answer in time' }));
    if (!reply.ok) {
      this.sessions.delete(sessionId);
      throw new AppError('Unavailable', 'CONSOLE_FAILED', reply.error);
    }
    return { sessionId, tty: reply.tty };
  }

  private owned(
    ui: UiSocket,
    sessionId: string,
  ): { session: Session; agent: AgentSocket } | undefined {
    const session = this.sessions.get(sessionId);
    if (session?.ui !== ui) return undefined;
    const agent = this.connections.get(session.hostId);
    return agent === undefined ? undefined : { session, agent };
  }

  input(ui: UiSocket, input: ConsoleInput): void {
    this.owned(ui, input.sessionId)?.agent.emit('console.input', input);
  }

  resize(ui: UiSocket, resize: ConsoleResize): void {
    this.owned(ui, resize.sessionId)?.agent.emit('console.resize', resize);
  }

  close(ui: UiSocket, sessionId: string): void {
    this.owned(ui, sessionId)?.agent.emit('console.close', { sessionId });
  }

  /** The browser went away: end its sessions. */
  closeAllOf(ui: UiSocket): void {
    for (const [sessionId, session] of this.sessions)
      if (session.ui === ui) {
        this.close(ui, sessionId);
        this.sessions.delete(sessionId);
        void session.onClosed?.(null);
      }
  }
}
