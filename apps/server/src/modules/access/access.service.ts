import { Injectable } from '@nestjs/common';
import {
  ANYWHERE_TARGET,
  can,
  canActOnResource,
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
