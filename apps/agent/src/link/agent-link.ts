import {
  AGENT_NAMESPACE,
  type AgentToServerEvents,
  type HostFacts,
  type ServerToAgentEvents,
} from '@wharf/contracts';
import { type Logger } from '@wharf/util';
import { io, type Socket } from 'socket.io-client';

import { type AgentState } from './agent-state';
import { backoffDelay } from './backoff';

/** Why the link ended. */
export type LinkEnd = { kind: 'removed'; message: string } | { kind: 'stopped' };

/**
 * The agent's outbound link: socket.io over mutual TLS (our client certificate, the pinned CA only),
 * websocket transport. socket.io-client reconnects by itself after network drops (exponential,
 * jittered, capped); connections the server refuses in its middleware are retried here with the
 * same kind of backoff, since a refused certificate may be a server restored from an older backup.
 */
export class AgentLink {
  private socket: Socket<ServerToAgentEvents, AgentToServerEvents> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private refusedAttempts = 0;
  private resolveEnd: ((end: LinkEnd) => void) | undefined;

  /** Resolves when the server removes this host or {@link stop} is called. */
  readonly ended: Promise<LinkEnd>;

  constructor(
    private readonly state: AgentState,
    private readonly facts: () => Promise<HostFacts>,
    private readonly logger: Logger,
  ) {
    this.ended = new Promise((resolve) => {
      this.resolveEnd = resolve;
    });
  }

  start(): void {
    const socket = io(`${this.state.serverUrl}${AGENT_NAMESPACE}`, {
      transports: ['websocket'],
      ca: this.state.caPem,
      cert: this.state.certPem,
      key: this.state.keyPem,
      rejectUnauthorized: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 30_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.refusedAttempts = 0;
      this.logger.info({ server: this.state.serverUrl }, 'connected to server');
      void this.sendHello();
    });
    socket.on('disconnect', (reason) => this.logger.warn({ reason }, 'disconnected from server'));
    socket.on('connect_error', (error) => this.onConnectError(error));
    socket.on('agent.removed', (reason: { message: string }) => {
      this.logger.warn(
        { reason: reason.message },
        'the server removed this host; stopping the link',
      );
      this.finish({ kind: 'removed', message: reason.message });
    });
  }

  stop(): void {
    this.finish({ kind: 'stopped' });
  }

  private async sendHello(): Promise<void> {
    const facts = await this.facts();
    this.socket?.emit('agent.hello', { facts }, (reply) => {
      if (reply.ok) this.logger.info({ hostId: reply.hostId }, 'registered with server');
      else this.logger.error({ error: reply.error }, 'server rejected hello');
    });
  }

  private onConnectError(error: Error): void {
    const socket = this.socket;
    if (socket === undefined) return;
    if (socket.active) {
      this.logger.warn({ err: error.message }, 'cannot reach server; retrying');
      return;
    }
    const delay = backoffDelay(this.refusedAttempts++, 1000, 60_000);
    this.logger.error({ err: error.message, retryInMs: delay }, 'server refused the connection');
    this.retryTimer = setTimeout(() => socket.connect(), delay);
  }

  private finish(end: LinkEnd): void {
    clearTimeout(this.retryTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.resolveEnd?.(end);
  }
}
