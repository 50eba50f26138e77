import { X509Certificate } from 'node:crypto';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  parseJoinToken,
  type AgentJoinRequest,
  type AgentJoinResponse,
  type Host,
  type HostDetail,
  type HostFacts,
  type JoinToken,
  type SessionUser,
  type UpdateHostRequest,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { certificateFingerprint, signClientCertificate } from '@wharf/pki';
import { PinoLogger } from 'nestjs-pino';

import { type ServerConfig } from '../core/server-config';
import { type ServerPki } from '../core/server-pki';
import { SERVER_CONFIG, SERVER_PKI } from '../core/tokens';
import { AgentConnections } from '../realtime/agent-connections';
import { HostEvents } from './host-events';
import { HostStateRepository } from './host-state.repository';
import { HostSyncService } from './host-sync.service';
import { HostsRepository } from './hosts.repository';
import { hashJoinSecret, issueJoinToken } from './join-token-issuer';
import { JoinTokensRepository } from './join-tokens.repository';

const INVALID_TOKEN = 'invalid or expired join token';

function requireAdmin(actor: SessionUser): void {
  if (!actor.isAdmin)
    throw new AppError('PermissionDenied', 'ADMIN_ONLY', 'only administrators can manage hosts');
}

@Injectable()
export class HostsService implements OnApplicationBootstrap {
  constructor(
    private readonly hosts: HostsRepository,
    private readonly tokens: JoinTokensRepository,
    private readonly events: HostEvents,
    private readonly state: HostStateRepository,
    private readonly sync: HostSyncService,
    private readonly connections: AgentConnections,
    @Inject(SERVER_PKI) private readonly pki: ServerPki,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(HostsService.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.hosts.markAllOffline();
  }

  async list(actor: SessionUser): Promise<Host[]> {
    requireAdmin(actor);
    return this.hosts.list();
  }

  async get(actor: SessionUser, id: string): Promise<Host & HostDetail> {
    requireAdmin(actor);
    const host = await this.hosts.findById(id);
    if (host === null) throw new AppError('NotFound', 'HOST_NOT_FOUND', 'no such host');
    return { ...host, counts: await this.state.counts(id), usage: this.sync.usageOf(id) };
  }

  async update(actor: SessionUser, id: string, change: UpdateHostRequest): Promise<Host> {
    requireAdmin(actor);
    const host = await this.hosts.update(id, change);
    if (host === null) throw new AppError('NotFound', 'HOST_NOT_FOUND', 'no such host');
    this.logger.info({ hostId: id, change, by: actor.username }, 'host updated');
    this.events.emit('updated', host);
    return host;
  }

  /** Removes the host and its state; its certificate dies with it, and the agent is told to stop. */
  async remove(actor: SessionUser, id: string): Promise<void> {
    requireAdmin(actor);
    if ((await this.hosts.findById(id)) === null)
      throw new AppError('NotFound', 'HOST_NOT_FOUND', 'no such host');
    await this.hosts.revoke(id, new Date());
    this.connections.evict(id, 'this host was removed from the Wharf server');
    await this.hosts.delete(id);
    this.sync.forget(id);
    this.logger.info({ hostId: id, by: actor.username }, 'host removed');
    this.events.emit('removed', { id });
  }

  /** Revokes the host's certificate: its agent is disconnected at once and refused from then on. */
  async revokeCertificate(actor: SessionUser, id: string): Promise<Host> {
    requireAdmin(actor);
    if (!(await this.hosts.revoke(id, new Date())))
      throw new AppError('NotFound', 'HOST_NOT_FOUND', 'no such host');
    this.connections.evict(id, 'the certificate of this host was revoked');
    this.logger.info({ hostId: id, by: actor.username }, 'host certificate revoked');
    const host = await this.hosts.findById(id);
    if (host !== null) this.events.emit('updated', host);
    return host!;
  }

  /** Signs a fresh certificate for a connected agent's new key; the old one stops being accepted. */
  async renewCertificate(hostId: string, csrPem: unknown): Promise<string> {
    if (typeof csrPem !== 'string')
      throw new AppError('InvalidArgument', 'BAD_CSR', 'the certificate request is not valid');
    const credentials = await this.hosts.findCredentials(hostId);
    if (credentials === null || credentials.revokedAt !== null)
      throw new AppError('PermissionDenied', 'HOST_REVOKED', 'this host may not renew');
    const issued = await signClientCertificate(this.pki.ca, csrPem, hostId, this.certificateDays());
    await this.hosts.setCertificate(
      hostId,
      issued.serial,
      certificateFingerprint(issued.certPem),
      new Date(new X509Certificate(issued.certPem).validTo),
    );
    this.logger.info({ hostId }, 'agent certificate renewed');
    return issued.certPem;
  }

  private certificateDays(): number {
    return (this.config.agentCertificateTtlSeconds ?? 365 * 86400) / 86400;
  }

  async createJoinToken(actor: SessionUser, ttlSeconds: number): Promise<JoinToken> {
    requireAdmin(actor);
    const token = await issueJoinToken(
      this.tokens,
      { caFingerprint: this.pki.caFingerprint, publicUrl: this.config.publicUrl },
      ttlSeconds,
    );
    this.logger.info(
      { tokenId: token.id, expiresAt: token.expiresAt, by: actor.username },
      'join token created',
    );
    return token;
  }

  async revokeJoinToken(actor: SessionUser, id: string): Promise<void> {
    requireAdmin(actor);
    if (!(await this.tokens.revoke(id, new Date())))
      throw new AppError('NotFound', 'JOIN_TOKEN_NOT_FOUND', 'no such join token');
    this.logger.info({ tokenId: id, by: actor.username }, 'join token revoked');
  }

  /** The one unauthenticated agent call: the join token is the authorization. */
  async join(request: AgentJoinRequest, clientAddress: string): Promise<AgentJoinResponse> {
    const tokenId = await this.validateJoinToken(request.token, clientAddress);
    const hostId = await this.hosts.create(request.facts.hostname, request.facts);
    try {
      const issued = await signClientCertificate(
        this.pki.ca,
        request.csrPem,
        hostId,
        this.certificateDays(),
      );
      await this.hosts.setCertificate(
        hostId,
        issued.serial,
        certificateFingerprint(issued.certPem),
        new Date(new X509Certificate(issued.certPem).validTo),
      );
      await this.tokens.markUsed(tokenId, new Date());
      this.logger.info(
        { hostId, name: request.facts.hostname, tokenId, clientAddress },
        'host joined',
      );
      const host = await this.hosts.findById(hostId);
      if (host !== null) this.events.emit('updated', host);
      return { hostId, certificatePem: issued.certPem, caPem: this.pki.ca.certPem };
    } catch (error) {
      await this.hosts.delete(hostId);
      throw new AppError('InvalidArgument', 'BAD_CSR', 'the certificate request is not valid', {
        cause: error,
      });
    }
  }

  private async validateJoinToken(token: string, clientAddress: string): Promise<string> {
    const parsed = parseJoinToken(token);
    const record =
      parsed === undefined
        ? null
        : await this.tokens.findBySecretHash(hashJoinSecret(parsed.secret));
    const reason =
      parsed === undefined
        ? 'malformed'
        : parsed.caFingerprint !== this.pki.caFingerprint
          ? 'other CA'
          : record === null
            ? 'unknown'
            : record.revokedAt !== null
              ? 'revoked'
              : record.expiresAt.getTime() <= Date.now()
                ? 'expired'
                : undefined;
    if (reason !== undefined || record === null) {
      this.logger.warn({ reason, clientAddress }, 'join refused');
      throw new AppError('Unauthenticated', 'INVALID_JOIN_TOKEN', INVALID_TOKEN);
    }
    return record.id;
  }

  /** Accepts an agent's client certificate only for a known, non-revoked host with that exact certificate. */
  async verifyAgentCertificate(certDer: Buffer): Promise<string | undefined> {
    const cert = new X509Certificate(certDer);
    const hostId = /(?:^|\n)CN=([^\n]+)/.exec(cert.subject)?.[1];
    if (hostId === undefined) return undefined;
    const host = await this.hosts.findCredentials(hostId);
    if (host === null || host.revokedAt !== null) return undefined;
    return host.certificateSerial === cert.serialNumber.toLowerCase() ? hostId : undefined;
  }

  async agentHello(hostId: string, facts: HostFacts): Promise<Host> {
    const host = await this.hosts.markOnline(hostId, facts, new Date());
    this.logger.info({ hostId, name: host.name }, 'agent online');
    this.events.emit('updated', host);
    return host;
  }

  async agentGone(hostId: string): Promise<void> {
    const host = await this.hosts.markOffline(hostId, new Date());
    this.logger.info({ hostId }, 'agent offline');
    if (host !== null) this.events.emit('updated', host);
  }
}
