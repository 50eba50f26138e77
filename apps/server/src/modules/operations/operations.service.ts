import { Injectable } from '@nestjs/common';
import {
  type OperationPermission,
  type OperationResponse,
  type SessionUser,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { PinoLogger } from 'nestjs-pino';

import {
  OperationRelay,
  type ChunkSink,
  type RelayRequest,
  type RelayStream,
} from '../realtime/operation-relay';
import { containerRefOf, permissionFor } from './operation-permissions';
import { OperationsRepository } from './operations.repository';

const OWNER_USER_LABEL = 'wharf.owner.user';
const STANDARD_USER_MAY: ReadonlySet<OperationPermission> = new Set([
  'host:read',
  'container:read',
  'container:create',
  'container:operate',
  'container:exec',
  'container:delete',
  'image:read',
]);

/** Whether the response body should be streamed rather than buffered. */
export function isStreaming(method: string, pathWithQuery: string): boolean {
  const url = new URL(pathWithQuery, 'http://agent');
  const path = url.pathname.replace(/^\/v[0-9.]+/, '');
  const flag = (name: string) => /^(1|true)$/i.test(url.searchParams.get(name) ?? '');
  if (/^\/containers\/[^/]+\/logs$/.test(path)) return flag('follow');
  if (/^\/containers\/[^/]+\/stats$/.test(path))
    return !/^(0|false)$/i.test(url.searchParams.get('stream') ?? '1');
  return (
    path === '/events' || (method === 'POST' && (path === '/images/create' || path === '/build'))
  );
}

/**
 * Remote Docker API operations: the caller's permission for the method + path is checked BEFORE
 * anything reaches the agent; standard users act only on containers they own, and containers they
 * create are labelled with their id. Every decision is recorded.
 */
@Injectable()
export class OperationsService {
  constructor(
    private readonly relay: OperationRelay,
    private readonly repo: OperationsRepository,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(OperationsService.name);
  }

  /** Checks access and returns the request to relay (owner label injected) and the host's name. */
  async authorize(
    actor: SessionUser,
    hostId: string,
    request: RelayRequest,
  ): Promise<{ request: RelayRequest; hostName: string }> {
    const host = await this.repo.hostName(hostId);
    if (host === null) throw new AppError('NotFound', 'HOST_NOT_FOUND', 'no such host');
    const permission = permissionFor(request.method, request.path);
    const audit = {
      hostId,
      method: request.method,
      path: request.path,
      by: actor.username,
      permission,
    };
    if (permission === undefined) {
      this.logger.warn({ ...audit, allowed: false }, 'audit: remote operation refused');
      throw new AppError(
        'PermissionDenied',
        'OPERATION_NOT_ALLOWED',
        `${request.method} ${request.path.split('?')[0]} is not a relayable operation`,
      );
    }
    const allowed =
      actor.isAdmin || (await this.standardUserMay(actor, hostId, permission, request.path));
    this.logger.info({ ...audit, allowed }, 'audit: remote operation');
    if (!allowed)
      throw new AppError(
        'PermissionDenied',
        'PERMISSION_DENIED',
        `missing permission ${permission}`,
      );
    const withOwner =
      !actor.isAdmin && permission === 'container:create' ? injectOwner(request, actor) : request;
    return { request: withOwner, hostName: host.name };
  }

  private async standardUserMay(
    actor: SessionUser,
    hostId: string,
    permission: OperationPermission,
    path: string,
  ): Promise<boolean> {
    if (!STANDARD_USER_MAY.has(permission)) return false;
    const ref = containerRefOf(path);
    if (ref === undefined)
      return permission !== 'container:operate' && permission !== 'container:delete';
    const owner = await this.repo.containerOwner(hostId, ref);
    return (
      owner !== null &&
      (owner.ownerUser === actor.id || owner.labelsJson.includes('"wharf.public":"true"'))
    );
  }

  async perform(
    actor: SessionUser,
    hostId: string,
    request: RelayRequest,
  ): Promise<OperationResponse> {
    const allowed = await this.authorize(actor, hostId, request);
    return this.relay.request(hostId, allowed.hostName, allowed.request);
  }

  async performStream(
    actor: SessionUser,
    hostId: string,
    request: RelayRequest,
    sink: ChunkSink,
  ): Promise<RelayStream> {
    const allowed = await this.authorize(actor, hostId, request);
    return this.relay.stream(hostId, allowed.hostName, allowed.request, sink);
  }
}

function injectOwner(request: RelayRequest, actor: SessionUser): RelayRequest {
  const text =
    request.body === undefined ? '{}' : Buffer.from(request.body, 'base64').toString('utf8');
  let config: { Labels?: Record<string, string> } & Record<string, unknown>;
  try {
    config = JSON.parse(text) as typeof config;
  } catch (error) {
    throw new AppError('InvalidArgument', 'BODY_INVALID', 'container config is not valid JSON', {
      cause: error,
    });
  }
  config.Labels = { ...(config.Labels ?? {}), [OWNER_USER_LABEL]: actor.id };
  return { ...request, body: Buffer.from(JSON.stringify(config)).toString('base64') };
}
