import { X509Certificate } from 'node:crypto';

import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  parseJoinToken,
  type AgentJoinRequest,
  type AgentJoinResponse,
  type Host,
  type HostFacts,
  type HostWithDetail,
  type JoinToken,
  type UpdateHostRequest,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { certificateFingerprint, signClientCertificate } from '@wharf/pki';
import { PinoLogger } from 'nestjs-pino';

import { AccessService } from '../access/access.service';
import { type ActionContext } from '../audit/audit-context';
import { AuditService, type AuditRecord } from '../audit/audit.service';
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
/** The agent makes a key pair and asks for its certificate over the link before answering. */
const ROTATE_TIMEOUT_MS = 30_000;

function hostNotFound(): never {
  throw new AppError('NotFound', 'HOST_NOT_FOUND', 'no such host');
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
    private readonly access: AccessService,
    private readonly audit: AuditService,
    @Inject(SERVER_PKI) private readonly pki: ServerPki,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(HostsService.name);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.hosts.markAllOffline();
  }

  /** The hosts the caller holds `host:read` on (the guard checked it is held somewhere). */
  async list(ctx: ActionContext): Promise<Host[]> {
    const reach = await this.access.hostReach(ctx.principal, 'host:read');
    const hosts = await this.hosts.list();
    if (reach.any === 'all') return hosts;
    const visible = new Set([...reach.any, ...reach.own]);
    return hosts.filter((h) => visible.has(h.id));
  }

  async get(_ctx: ActionContext, id: string): Promise<HostWithDetail> {
    const host = (await this.hosts.findById(id)) ?? hostNotFound();
    return { ...host, counts: await this.state.counts(id), usage: this.sync.usageOf(id) };
  }

  async update(ctx: ActionContext, id: string, change: UpdateHostRequest): Promise<Host> {
    const host = (await this.hosts.update(id, change)) ?? hostNotFound();
    await this.audit.record(hostAction(ctx, 'host.update', id, { ...change }));
    this.events.emit('updated', host);
    return host;
  }

  /** Removes the host and its state; its certificate dies with it, and the agent is told to stop. */
  async remove(ctx: ActionContext, id: string): Promise<void> {
    const host = (await this.hosts.findById(id)) ?? hostNotFound();
    await this.hosts.revoke(id, new Date());
    this.connections.evict(id, 'this host was removed from the Wharf server');
    await this.hosts.delete(id);
    this.sync.forget(id);
    await this.audit.record(hostAction(ctx, 'host.remove', id, { name: host.name }));
    this.events.emit('removed', { id });
  }

  /** Revokes the host's certificate: its agent is disconnected at once and refused from then on. */
  async revokeCertificate(ctx: ActionContext, id: string): Promise<Host> {
    if (!(await this.hosts.revoke(id, new Date()))) hostNotFound();
    this.connections.evict(id, 'the certificate of this host was revoked');
    await this.audit.record(hostAction(ctx, 'host.revoke', id));
    const host = (await this.hosts.findById(id)) ?? hostNotFound();
    this.events.emit('updated', host);
    return host;
  }

  /**
   * Has the host's agent renew its certificate now (new key, new certificate; the old one stops
   * being accepted). The agent must be connected: it makes the key.
   */
  async rotateCertificate(ctx: ActionContext, id: string): Promise<Host> {
    const host = (await this.hosts.findById(id)) ?? hostNotFound();
    const agent = this.connections.get(id);
    const failed = async (code: string, error: string): Promise<never> => {
      // Audited like a relayed call that reached an offline host: the attempt is on record.
      await this.audit.record(hostAction(ctx, 'host.rotate', id, { error }, 'failure'));
      throw new AppError('Unavailable', code, error);
    };
    if (agent === undefined) return failed('HOST_OFFLINE', `host ${host.name} is offline`);
    type Reply = { ok: true; validTo: string } | { ok: false; error: string };
    const reply: Reply = await agent
      .timeout(ROTATE_TIMEOUT_MS)
      .emitWithAck('agent.rotate')
      .catch(() => ({ ok: false, error: 'the agent did not answer in time' }));
    if (!reply.ok) return failed('ROTATE_FAILED', reply.error);
    await this.audit.record(hostAction(ctx, 'host.rotate', id, { validTo: reply.validTo }));
    const rotated = (await this.hosts.findById(id)) ?? hostNotFound();
    this.events.emit('updated', rotated);
    return rotated;
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

  async createJoinToken(ctx: ActionContext, ttlSeconds: number): Promise<JoinToken> {
    const token = await issueJoinToken(
      this.tokens,
      { caFingerprint: this.pki.caFingerprint, publicUrl: this.config.publicUrl },
      ttlSeconds,
    );
    await this.audit.recordAction(
      ctx,
      'join-token.create',
      { type: 'join-token', id: token.id },
      'success',
      { expiresAt: token.expiresAt },
    );
    return token;
  }

  async revokeJoinToken(ctx: ActionContext, id: string): Promise<void> {
    if (!(await this.tokens.revoke(id, new Date())))
      throw new AppError('NotFound', 'JOIN_TOKEN_NOT_FOUND', 'no such join token');
    await this.audit.recordAction(ctx, 'join-token.revoke', { type: 'join-token', id });
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
      await this.audit.record({
        actor: { type: 'agent', id: hostId, name: request.facts.hostname },
        action: 'host.join',
        target: { type: 'host', id: hostId },
        hostId,
        result: 'success',
        ip: clientAddress,
        details: { joinTokenId: tokenId },
      });
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

function hostAction(
  ctx: ActionContext,
  action: string,
  hostId: string,
  details?: Record<string, unknown>,
  result: AuditRecord['result'] = 'success',
): AuditRecord {
  const { principal, ip, correlationId } = ctx;
  const target = { type: 'host', id: hostId };
  return {
    actor: principal,
    action,
    target,
    hostId,
    result,
    ip,
    correlationId,
    details,
  };
}
