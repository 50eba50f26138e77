import { type TLSSocket } from 'node:tls';

import { Injectable } from '@nestjs/common';
import {
  AGENT_NAMESPACE,
  AgentHelloSchema,
  type AgentToServerEvents,
  type ServerToAgentEvents,
} from '@wharf/contracts';
import { PinoLogger } from 'nestjs-pino';
import { type Server, type Socket } from 'socket.io';

import { HostsService } from './hosts.service';

type AgentSocket = Socket<
  AgentToServerEvents,
  ServerToAgentEvents,
  Record<string, never>,
  { hostId: string }
>;

/**
 * The `/agent` namespace. The TLS layer asks every client for a certificate and records whether it
 * chains to our CA; here we admit only sockets whose certificate verified AND belongs to a known,
 * non-revoked host (same serial as issued), so a certificate from another CA or a self-signed one fails.
 */
@Injectable()
export class AgentGateway {
  private readonly sockets = new Map<string, AgentSocket>();

  constructor(
    private readonly hosts: HostsService,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AgentGateway.name);
  }

  attach(io: Server): void {
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

  private onConnection(socket: AgentSocket): void {
    const hostId = socket.data.hostId;
    const previous = this.sockets.get(hostId);
    this.sockets.set(hostId, socket);
    previous?.disconnect(true);
    socket.on('agent.hello', (hello, ack) => {
      const parsed = AgentHelloSchema.safeParse(hello);
      if (!parsed.success) {
        ack({ ok: false, error: 'invalid hello' });
        return;
      }
      this.hosts.agentHello(hostId, parsed.data.facts).then(
        () => ack({ ok: true, hostId }),
        (error: unknown) => {
          this.logger.error({ err: error, hostId }, 'agent hello failed');
          ack({ ok: false, error: 'server error' });
        },
      );
    });
    socket.on('disconnect', (reason) => {
      if (this.sockets.get(hostId) !== socket) return;
      this.sockets.delete(hostId);
      this.logger.info({ hostId, reason }, 'agent disconnected');
      this.hosts
        .agentGone(hostId)
        .catch((error: unknown) =>
          this.logger.error({ err: error, hostId }, 'marking host offline failed'),
        );
    });
  }
}
