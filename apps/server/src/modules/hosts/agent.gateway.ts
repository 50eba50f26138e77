import { type TLSSocket } from 'node:tls';

import { Injectable } from '@nestjs/common';
import {
  AGENT_NAMESPACE,
  AgentHelloSchema,
  StateEventBatchSchema,
  StateSnapshotSchema,
  StatsSampleSchema,
} from '@wharf/contracts';
import { PinoLogger } from 'nestjs-pino';
import { type Server } from 'socket.io';
import { type z } from 'zod';

import { AgentConnections, type AgentSocket } from '../realtime/agent-connections';
import { ClusterBus } from '../realtime/cluster-bus';
import { ConsoleRelay } from '../realtime/console-relay';
import { HostSyncService } from './host-sync.service';
import { HostsService } from './hosts.service';

type Reply<T> = (reply: ({ ok: true } & T) | { ok: false; error: string }) => void;

/**
 * The `/agent` namespace. The TLS layer asks every client for a certificate and records whether it
 * chains to our CA; here we admit only sockets whose certificate verified AND belongs to a known,
 * non-revoked host (same serial as issued), so a certificate from another CA or a self-signed one fails.
 */
@Injectable()
export class AgentGateway {
  constructor(
    private readonly hosts: HostsService,
    private readonly sync: HostSyncService,
    private readonly connections: AgentConnections,
    private readonly cluster: ClusterBus,
    private readonly consoles: ConsoleRelay,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AgentGateway.name);
  }

  attach(io: Server): void {
    // Before any namespace is used: browsers on every replica then get every replica's events.
    this.cluster.installAdapter(io);
    const nsp = io.of(AGENT_NAMESPACE);
    nsp.use((socket, next) => {
      this.authenticate(socket as AgentSocket).then(
        (accepted) => next(accepted ? undefined : new Error('client certificate not accepted')),
        (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
      );
    });
    nsp.on('connection', (socket) => this.onConnection(socket as AgentSocket));
  }

  private async authenticate(socket: AgentSocket): Promise<boolean> {
    const tls = socket.request.socket as TLSSocket;
    const address = socket.handshake.address;
    const peer =
      typeof tls.getPeerCertificate === 'function' ? tls.getPeerCertificate() : undefined;
    if (!tls.authorized || peer?.raw === undefined) {
      this.logger.warn(
        { address, reason: tls.authorizationError ?? 'no client certificate' },
        'agent refused',
      );
      return false;
    }
    const hostId = await this.hosts.verifyAgentCertificate(peer.raw);
    if (hostId === undefined) {
      this.logger.warn(
        { address, subject: peer.subject },
        'agent refused: unknown or revoked host',
      );
      return false;
    }
    socket.data.hostId = hostId;
    return true;
  }

  /** Validates, runs, and answers one acknowledged agent request; failures reach the log and the agent. */
  private handle<S extends z.ZodType, T>(
    socket: AgentSocket,
    what: string,
    schema: S,
    input: unknown,
    ack: Reply<T>,
    work: (value: z.infer<S>) => Promise<T>,
  ): void {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      ack({ ok: false, error: `invalid ${what}` });
      return;
    }
    work(parsed.data).then(
      (result) => ack({ ok: true, ...result }),
      (error: unknown) => {
        this.logger.error({ err: error, hostId: socket.data.hostId }, `agent ${what} failed`);
        ack({ ok: false, error: 'server error' });
      },
    );
  }

  private onConnection(socket: AgentSocket): void {
    const hostId = socket.data.hostId;
    this.connections.set(hostId, socket)?.disconnect(true);
    socket.on('agent.hello', (hello, ack) =>
      this.handle(socket, 'hello', AgentHelloSchema, hello, ack, async (h) => {
        await this.hosts.agentHello(hostId, h.facts);
        return { hostId, ...(await this.sync.position(hostId, h.sync)) };
      }),
    );
    socket.on('agent.snapshot', (snapshot, ack) =>
      this.handle(socket, 'snapshot', StateSnapshotSchema, snapshot, ack, async (s) => ({
        ackedSeq: await this.sync.applySnapshot(hostId, s),
      })),
    );
    socket.on('agent.events', (batch, ack) =>
      this.handle(socket, 'events', StateEventBatchSchema, batch, ack, (b) =>
        this.sync.applyEvents(hostId, b),
      ),
    );
    socket.on('agent.stats', (sample) => {
      const parsed = StatsSampleSchema.safeParse(sample);
      if (parsed.success) this.sync.recordStats(hostId, parsed.data);
    });
    socket.on('agent.renew', (request, ack) => {
      this.hosts.renewCertificate(hostId, request?.csrPem).then(
        (certificatePem) => ack({ ok: true, certificatePem }),
        (error: unknown) =>
          ack({ ok: false, error: error instanceof Error ? error.message : 'renewal failed' }),
      );
    });
    this.consoles.attachAgent(socket);
    socket.on('disconnect', (reason) => this.onDisconnect(socket, reason));
  }

  private onDisconnect(socket: AgentSocket, reason: string): void {
    const hostId = socket.data.hostId;
    if (!this.connections.release(hostId, socket)) return;
    this.logger.info({ hostId, reason }, 'agent disconnected');
    this.sync.forget(hostId);
    this.hosts
      .agentGone(hostId)
      .catch((error: unknown) =>
        this.logger.error({ err: error, hostId }, 'marking host offline failed'),
      );
  }
}
