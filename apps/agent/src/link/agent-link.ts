import { AGENT_NAMESPACE, type HostFacts } from '@wharf/contracts';
import { type Logger } from '@wharf/util';
import { io } from 'socket.io-client';

import { type AgentState } from './agent-state';
import { backoffDelay } from './backoff';
import { CertRenewal } from './cert-renewal';
import { ConsoleHandler } from './console-handler';
import { EngineClient } from './engine-client';
import { EngineWatch } from './engine-watch';
import { type LinkSocket } from './link-socket';
import { OperationHandler } from './operation-handler';
import { StateReporter } from './state-reporter';
import { StateTracker } from './state-tracker';
import { StatsSampler } from './stats-sampler';

/** Why the link ended. */
export type LinkEnd = { kind: 'removed'; message: string } | { kind: 'stopped' };

export interface AgentLinkOptions {
  /** The local engine's Docker API socket. */
  dockerSocket: string;
  dataDir: string;
  statsIntervalMs?: number;
  renewalCheckMs?: number;
}

/**
 * The agent's outbound link: socket.io over mutual TLS (our client certificate, the pinned CA only),
 * websocket transport. It reports the engine's state (snapshot, then numbered events), stats, and
 * performs relayed operations. socket.io-client reconnects by itself after network drops; connections
 * the server refuses in its middleware are retried here with backoff, since a refused certificate may
 * be a server restored from an older backup.
 */
export class AgentLink {
  private socket: LinkSocket | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private renewTimer: NodeJS.Timeout | undefined;
  private refusedAttempts = 0;
  private resolveEnd: ((end: LinkEnd) => void) | undefined;
  private readonly tracker: StateTracker;
  private readonly reporter: StateReporter;
  private readonly watch: EngineWatch;
  private readonly operations: OperationHandler;
  private readonly consoles: ConsoleHandler;
  private readonly stats: StatsSampler;
  private readonly renewal: CertRenewal;

  /** Resolves when the server removes this host or {@link stop} is called. */
  readonly ended: Promise<LinkEnd>;

  constructor(
    private readonly state: AgentState,
    private readonly facts: () => Promise<HostFacts>,
    private readonly logger: Logger,
    private readonly options: AgentLinkOptions,
  ) {
    this.ended = new Promise((resolve) => {
      this.resolveEnd = resolve;
    });
    const engine = new EngineClient(options.dockerSocket);
    this.tracker = new StateTracker(engine);
    this.reporter = new StateReporter(this.tracker, logger);
    this.watch = new EngineWatch(engine, this.tracker, logger);
    this.operations = new OperationHandler(engine, logger);
    this.consoles = new ConsoleHandler(engine, options.dockerSocket, logger);
    this.stats = new StatsSampler(engine, options.statsIntervalMs ?? 5000, logger);
    this.renewal = new CertRenewal(state, options.dataDir, logger, (key, cert) => {
      const opts = this.socket?.io.opts;
      if (opts !== undefined) Object.assign(opts, { key, cert });
    });
  }

  start(): void {
    const socket: LinkSocket = io(`${this.state.serverUrl}${AGENT_NAMESPACE}`, {
      transports: ['websocket'],
      ca: this.state.caPem,
      cert: this.state.certPem,
      key: this.state.keyPem,
      rejectUnauthorized: true,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
      randomizationFactor: 0.5,
    });
    this.socket = socket;
    socket.on('connect', () => {
      this.refusedAttempts = 0;
      this.logger.info({ server: this.state.serverUrl }, 'connected to server');
      void this.sendHello(socket);
    });
    socket.on('disconnect', (reason) => {
      this.reporter.disconnected();
      this.operations.cancelAll();
      this.consoles.closeAll();
      this.logger.warn({ reason }, 'disconnected from server');
    });
    socket.on('connect_error', (error) => this.onConnectError(error));
    socket.on('agent.removed', (reason: { message: string }) => {
      this.logger.warn(
        { reason: reason.message },
        'the server removed this host; stopping the link',
      );
      this.finish({ kind: 'removed', message: reason.message });
    });
    socket.on('agent.resync', () => void this.reporter.sendSnapshot());
    socket.on('agent.rotate', (ack) => {
      this.renewal.renew(socket).then(
        ({ validTo }) => ack({ ok: true, validTo }),
        (error: unknown) =>
          ack({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    });
    this.operations.attach(socket);
    this.consoles.attach(socket);
    this.watch.start();
    this.stats.start(() => this.socket);
    this.renewTimer = setInterval(() => {
      if (this.socket?.connected === true) void this.renewal.check(this.socket);
    }, this.options.renewalCheckMs ?? 5000);
    this.renewTimer.unref();
  }

  stop(): void {
    this.finish({ kind: 'stopped' });
  }

  private async sendHello(socket: LinkSocket): Promise<void> {
    const facts = await this.facts();
    const sync = { epoch: this.tracker.epoch, seq: this.tracker.lastSeq };
    type HelloReply =
      { ok: true; hostId: string; resumeAfter: number | null } | { ok: false; error: string };
    const reply = await (
      socket.timeout(30_000).emitWithAck('agent.hello', { facts, sync }) as Promise<HelloReply>
    ).catch((error: unknown) => {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'hello not answered',
      );
      return undefined;
    });
    if (reply === undefined) return;
    if (!reply.ok) {
      this.logger.error({ error: reply.error }, 'server rejected hello');
      return;
    }
    this.logger.info(
      { hostId: reply.hostId, resumeAfter: reply.resumeAfter },
      'registered with server',
    );
    this.reporter.connected(socket, { resumeAfter: reply.resumeAfter });
    void this.renewal.check(socket);
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
    clearInterval(this.renewTimer);
    this.watch.stop();
    this.stats.stop();
    this.operations.cancelAll();
    this.consoles.closeAll();
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = undefined;
    this.resolveEnd?.(end);
  }
}
