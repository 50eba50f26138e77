import { Injectable } from '@nestjs/common';
import {
  canActOnResource,
  canSeeResource,
  grantsFor,
  type AccessTarget,
  type OperationResponse,
  type OwnedKind,
  type Permission,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { AccessService, denied } from '../access/access.service';
import { type ActionContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import {
  OperationRelay,
  type ChunkSink,
  type RelayRequest,
  type RelayStream,
} from '../realtime/operation-relay';
import { filterListBody, withOwnerFilter, withOwnerLabels } from './owned-bodies';
import { eventVisibility, filteredEventSink, type EventVisibility } from './owned-events';
import {
  createdKindOf,
  isEventStream,
  listedKindOf,
  type ListedKind,
  permissionFor,
  prunedKindOf,
  resourceRefOf,
  type ResourceRef,
} from './operation-permissions';
import { OperationsRepository } from './operations.repository';

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

/** An authorized request: what to relay, and what to do with the answer. */
export interface AuthorizedOperation {
  request: RelayRequest;
  hostName: string;
  /** Set for ownership-restricted callers of list endpoints: filter the answer down to this kind. */
  filterKind?: ListedKind;
  /** Set for ownership-restricted callers of `/events`: which events they may receive. */
  eventFilter?: EventVisibility;
  /** Audit action name (`container.start`), target and permission. */
  action: string;
  target: { type: string; id: string };
  permission: Permission;
}

const READ_METHODS = new Set(['GET', 'HEAD']);

/** A caller holding system:prune only on what they own asks to prune images, which nobody owns. */
function imagePruneRefused(): AppError {
  return new AppError(
    'PermissionDenied',
    'IMAGE_PRUNE_NOT_OWNED',
    'images have no owner: pruning them needs system:prune from a role that applies to every resource',
    { details: { permission: 'system:prune' } },
  );
}

/** `container.start`, `volume.delete`, `image.create` …: the audit action of a relayed request. */
function auditNaming(request: RelayRequest): Pick<AuthorizedOperation, 'action' | 'target'> {
  const path = (request.path.split('?')[0] ?? '').replace(/^\/v[0-9.]+/, '');
  const segments = path.split('/').filter((s) => s !== '');
  const type = (segments[0] ?? 'engine').replace(/s$/, '');
  const verb = request.method === 'DELETE' ? 'delete' : (segments.at(-1) ?? 'call');
  return {
    action: `${type}.${verb}`,
    target: { type, id: resourceRefOf(request.path)?.ref ?? '' },
  };
}

/**
 * Remote Docker API operations: the caller's permission for the method + path is checked on the
 * host (its groups count) BEFORE anything reaches the agent. Callers whose grant is ownership-
 * restricted (standard user) act only on what they or their team own, see only that plus public
 * resources in lists, and what they create is labelled as theirs. Every mutating call and every
 * refusal is audited.
 */
@Injectable()
export class OperationsService {
  constructor(
    private readonly relay: OperationRelay,
    private readonly repo: OperationsRepository,
    private readonly access: AccessService,
    private readonly audit: AuditService,
  ) {}

  async authorize(
    ctx: ActionContext,
    hostId: string,
    request: RelayRequest,
  ): Promise<AuthorizedOperation> {
    const host = await this.repo.hostName(hostId);
    if (host === null) throw new AppError('NotFound', 'HOST_NOT_FOUND', 'no such host');
    const naming = auditNaming(request);
    const permission = permissionFor(request.method, request.path);
    if (permission === undefined) {
      await this.recordRefusal(ctx, hostId, naming, request);
      throw new AppError(
        'PermissionDenied',
        'OPERATION_NOT_ALLOWED',
        `${request.method} ${request.path.split('?')[0]} is not a relayable operation`,
      );
    }
    const target = await this.access.targetOf({ hostId });
    const grants = grantsFor(ctx.principal, permission, target);
    const anyOwnership = grants.some((g) => g.ownership === 'any');
    const allowed =
      grants.length > 0 &&
      (anyOwnership || (await this.ownedAllowed(ctx, hostId, host.name, request, target)));
    if (!allowed) {
      await this.recordRefusal(ctx, hostId, naming, request, permission);
      throw grants.length > 0 && prunedKindOf(request.method, request.path) === 'image'
        ? imagePruneRefused()
        : denied(permission);
    }
    return {
      request: this.ownedRequest(ctx, request, anyOwnership),
      hostName: host.name,
      filterKind: anyOwnership ? undefined : listedKindOf(request.method, request.path),
      eventFilter:
        anyOwnership || !isEventStream(request.method, request.path)
          ? undefined
          : eventVisibility(ctx.principal, target, (kind, ref) =>
              this.labelsAnywhere(hostId, host.name, { kind, ref }),
            ),
      permission,
      ...naming,
    };
  }

  /** What is relayed: creates labelled with their owner, restricted callers' prunes narrowed to theirs. */
  private ownedRequest(
    ctx: ActionContext,
    request: RelayRequest,
    anyOwnership: boolean,
  ): RelayRequest {
    if (createdKindOf(request.method, request.path) !== undefined)
      return withOwnerLabels(request, ctx.principal, anyOwnership);
    if (!anyOwnership && prunedKindOf(request.method, request.path) !== undefined)
      return withOwnerFilter(request, ctx.principal);
    return request;
  }

  /** An ownership-restricted grant: the resource the path names must be theirs (or public, to read). */
  private async ownedAllowed(
    ctx: ActionContext,
    hostId: string,
    hostName: string,
    request: RelayRequest,
    target: AccessTarget,
  ): Promise<boolean> {
    const permission = permissionFor(request.method, request.path)!;
    // Images have no owner, so no label filter can narrow an image prune to the caller's.
    if (prunedKindOf(request.method, request.path) === 'image') return false;
    const found = await this.resolveExec(hostId, hostName, resourceRefOf(request.path));
    // Lists (filtered), creates (labelled), prunes (narrowed to the owner label), events (filtered).
    if (found === undefined) return true;
    if (found.kind === 'exec') return false;
    const labels = await this.labelsAnywhere(hostId, hostName, {
      kind: found.kind,
      ref: found.ref,
    });
    if (labels === null) return false;
    return permission.endsWith(':read')
      ? canSeeResource(ctx.principal, found.kind, labels, target)
      : canActOnResource(ctx.principal, permission, labels, target);
  }

  /** A resource's labels from the server's copy of the host's state, else from the engine. */
  private async labelsAnywhere(
    hostId: string,
    hostName: string,
    found: { kind: OwnedKind; ref: string },
  ): Promise<Record<string, string> | null> {
    return (
      (await this.repo.labelsOf(found.kind, hostId, found.ref)) ??
      (await this.engineLabels(hostId, hostName, found))
    );
  }

  /**
   * Labels straight from the engine, for a resource the server's copy of the state does not hold
   * yet (created a moment ago, its event still on the way); null when the engine does not know it.
   */
  private async engineLabels(
    hostId: string,
    hostName: string,
    found: ResourceRef,
  ): Promise<Record<string, string> | null> {
    const ref = encodeURIComponent(found.ref);
    const path = found.kind === 'container' ? `/containers/${ref}/json` : `/${found.kind}s/${ref}`;
    // An unreachable engine cannot vouch for ownership: refuse rather than fail with its error.
    const reply = await this.relay
      .request(hostId, hostName, { method: 'GET', path, headers: {}, stream: false })
      .catch(() => undefined);
    if (reply?.status !== 200 || reply.body === undefined) return null;
    const info = JSON.parse(Buffer.from(reply.body, 'base64').toString('utf8')) as {
      Labels?: Record<string, string> | null;
      Config?: { Labels?: Record<string, string> | null };
    };
    return (found.kind === 'container' ? info.Config?.Labels : info.Labels) ?? {};
  }

  /** An exec instance acts on its container: ask the engine which one. */
  private async resolveExec(
    hostId: string,
    hostName: string,
    ref: ResourceRef | undefined,
  ): Promise<ResourceRef | undefined> {
    if (ref?.kind !== 'exec') return ref;
    const reply = await this.relay.request(hostId, hostName, {
      method: 'GET',
      path: `/exec/${encodeURIComponent(ref.ref)}/json`,
      headers: {},
      stream: false,
    });
    if (reply.status !== 200 || reply.body === undefined) return ref;
    const info = JSON.parse(Buffer.from(reply.body, 'base64').toString('utf8')) as {
      ContainerID?: string;
    };
    return info.ContainerID === undefined ? ref : { kind: 'container', ref: info.ContainerID };
  }

  private recordRefusal(
    ctx: ActionContext,
    hostId: string,
    naming: Pick<AuthorizedOperation, 'action' | 'target'>,
    request: RelayRequest,
    permission?: Permission,
  ): Promise<void> {
    return this.audit.record({
      actor: ctx.principal,
      ...naming,
      hostId,
      result: 'denied',
      ip: ctx.ip,
      correlationId: ctx.correlationId,
      details: { method: request.method, path: request.path.split('?')[0], permission },
    });
  }

  /** Records a mutating call with the engine's status (reads are not audited). */
  private async recordDone(
    ctx: ActionContext,
    hostId: string,
    op: AuthorizedOperation,
    status: number | string,
  ): Promise<void> {
    if (READ_METHODS.has(op.request.method)) return;
    await this.audit.record({
      actor: ctx.principal,
      action: op.action,
      target: op.target,
      hostId,
      result: typeof status === 'number' && status < 400 ? 'success' : 'failure',
      ip: ctx.ip,
      correlationId: ctx.correlationId,
      details: {
        method: op.request.method,
        path: op.request.path.split('?')[0],
        status,
        permission: op.permission,
      },
    });
  }

  async perform(
    ctx: ActionContext,
    hostId: string,
    request: RelayRequest,
  ): Promise<OperationResponse> {
    const op = await this.authorize(ctx, hostId, request);
    let reply: OperationResponse;
    try {
      reply = await this.relay.request(hostId, op.hostName, op.request);
    } catch (error) {
      await this.recordDone(ctx, hostId, op, error instanceof Error ? error.message : 'failed');
      throw error;
    }
    await this.recordDone(ctx, hostId, op, reply.status);
    return op.filterKind === undefined
      ? reply
      : filterListBody(reply, op.filterKind, ctx.principal);
  }

  async performStream(
    ctx: ActionContext,
    hostId: string,
    request: RelayRequest,
    sink: ChunkSink,
  ): Promise<RelayStream> {
    const op = await this.authorize(ctx, hostId, request);
    const shown = op.eventFilter === undefined ? sink : filteredEventSink(sink, op.eventFilter);
    let stream: RelayStream;
    try {
      stream = await this.relay.stream(hostId, op.hostName, op.request, shown);
    } catch (error) {
      await this.recordDone(ctx, hostId, op, error instanceof Error ? error.message : 'failed');
      throw error;
    }
    await this.recordDone(ctx, hostId, op, stream.head.status);
    return stream;
  }
}
