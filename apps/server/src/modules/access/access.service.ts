import { Injectable } from '@nestjs/common';
import {
  ANYWHERE_TARGET,
  can,
  canActOnResource,
  grantsFor,
  canSeeResource,
  effectivePermissions,
  hostTarget,
  type AccessTarget,
  type OwnedKind,
  type Permission,
  type Principal,
  type ResourceLabels,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { type ScopeResult } from './access.decorators';
import { ApiTokenVerifier } from './api-token-verifier';
import { PrincipalRepository } from './principal.repository';

/**
 * Where a principal holds a host-scoped permission: `any` hosts (every resource there, or `all`
 * hosts) and `own` hosts (only what the principal or their teams own, plus public resources).
 */
export interface HostReach {
  any: 'all' | string[];
  own: string[];
}

/** A check's scope: a target, a host id (groups looked up), or omitted (held anywhere). */
export type ScopeArg = ScopeResult | undefined;

/**
 * The one authorization service: every REST route (through the global AccessGuard) and every socket
 * event asks it. Resolution itself is the pure code in @wharf/contracts (access-rules).
 */
@Injectable()
export class AccessService {
  constructor(
    private readonly principals: PrincipalRepository,
    private readonly tokens: ApiTokenVerifier,
  ) {}

  /** The principal of an enabled user (session login, socket handshake), or null. */
  principalForUser(userId: string): Promise<Principal | null> {
    return this.principals.forUser(userId);
  }

  /** The principal behind a `wharf_pat_…` bearer token, limited to the token's scopes, or null. */
  async principalForApiToken(token: string): Promise<Principal | null> {
    const verified = await this.tokens.verify(token);
    if (verified === null) return null;
    const user = await this.principals.forUser(verified.userId);
    if (user === null) return null;
    return { ...user, kind: 'token', tokenId: verified.tokenId, tokenScopes: verified.scopes };
  }

  /** A host's target with its groups, for `group:<name>` bindings. */
  async targetOf(scope: ScopeArg): Promise<AccessTarget> {
    if (scope === undefined) return ANYWHERE_TARGET;
    if ('hostId' in scope && !('kind' in scope))
      return hostTarget(scope.hostId, await this.principals.hostGroups(scope.hostId));
    return scope;
  }

  async can(principal: Principal, permission: Permission, scope?: ScopeArg): Promise<boolean> {
    return can(principal, permission, await this.targetOf(scope));
  }

  /** Throws PermissionDenied (403, naming only the permission) unless the principal holds it. */
  async require(principal: Principal, permission: Permission, scope?: ScopeArg): Promise<void> {
    if (!(await this.can(principal, permission, scope))) throw denied(permission);
  }

  /** Ownership-aware check for one labelled resource (container, volume, network, stack). */
  async requireOnResource(
    principal: Principal,
    permission: Permission,
    labels: ResourceLabels,
    scope: ScopeArg,
  ): Promise<void> {
    if (!canActOnResource(principal, permission, labels, await this.targetOf(scope)))
      throw denied(permission);
  }

  async canSeeResource(
    principal: Principal,
    kind: OwnedKind | 'image' | 'host',
    labels: ResourceLabels,
    scope: ScopeArg,
  ): Promise<boolean> {
    return canSeeResource(principal, kind, labels, await this.targetOf(scope));
  }

  /** The hosts on which the principal holds `permission`, split by the ownership of the grants. */
  async hostReach(principal: Principal, permission: Permission): Promise<HostReach> {
    const grants = grantsFor(principal, permission, ANYWHERE_TARGET);
    if (grants.some((g) => g.scope === 'global' && g.ownership === 'any'))
      return { any: 'all', own: [] };
    if (grants.length === 0) return { any: [], own: [] };
    const reach: HostReach & { any: string[] } = { any: [], own: [] };
    for (const host of await this.principals.allHostGroups()) {
      const onHost = grantsFor(principal, permission, hostTarget(host.id, host.groups));
      if (onHost.some((g) => g.ownership === 'any')) reach.any.push(host.id);
      else if (onHost.length > 0) reach.own.push(host.id);
    }
    return reach;
  }

  async permissionsOn(principal: Principal, scope?: ScopeArg): Promise<Permission[]> {
    return effectivePermissions(principal, await this.targetOf(scope));
  }
}

export function denied(permission: Permission): AppError {
  return new AppError(
    'PermissionDenied',
    'PERMISSION_DENIED',
    `this needs the ${permission} permission`,
    {
      details: { permission },
    },
  );
}
