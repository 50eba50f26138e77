import {
  OWNED_KINDS,
  OWNER_TEAM_LABEL,
  OWNER_USER_LABEL,
  PERMISSION_CATALOG,
  PUBLIC_LABEL,
  type OwnedKind,
  type Permission,
  type RoleOwnership,
} from './permissions';

/** Where a role binding applies: everywhere, a host group (`group:<name>`) or one host (`host:<id>`). */
export type BindingScope = 'global' | `group:${string}` | `host:${string}`;

export const BINDING_SCOPE_PATTERN =
  /^(global|group:[A-Za-z0-9._-]{1,100}|host:[A-Za-z0-9-]{1,100})$/;

/**
 * What a check is about: something global (users, roles, audit), one host (with its groups), or
 * `anywhere` (the permission on at least one scope: list endpoints that then filter per host).
 */
export type AccessTarget =
  | { kind: 'global' }
  | { kind: 'anywhere' }
  | { kind: 'host'; hostId: string; hostGroups: readonly string[] };

export const GLOBAL_TARGET: AccessTarget = { kind: 'global' };
export const ANYWHERE_TARGET: AccessTarget = { kind: 'anywhere' };
export function hostTarget(hostId: string, hostGroups: readonly string[] = []): AccessTarget {
  return { kind: 'host', hostId, hostGroups };
}

/** One role held on one scope, directly or through a team. */
export interface Grant {
  roleId: string;
  roleName: string;
  permissions: readonly Permission[];
  ownership: RoleOwnership;
  scope: BindingScope;
  /** `user` for a direct binding, else the team id it came through. */
  via: 'user' | `team:${string}`;
}

/** Who is acting: a logged-in user, or an API token acting for its user within its scopes. */
export interface Principal {
  kind: 'user' | 'token';
  userId: string;
  username: string;
  isAdmin: boolean;
  teamIds: readonly string[];
  grants: readonly Grant[];
  /** Token principals: the token's id and the permissions it was limited to. */
  tokenId?: string;
  tokenScopes?: readonly Permission[];
}

export function scopeMatches(scope: BindingScope, target: AccessTarget): boolean {
  if (scope === 'global' || target.kind === 'anywhere') return true;
  if (target.kind === 'global') return false;
  if (scope.startsWith('host:')) return scope.slice(5) === target.hostId;
  return target.hostGroups.includes(scope.slice(6));
}

function tokenAllows(principal: Principal, permission: Permission): boolean {
  return principal.tokenScopes === undefined || principal.tokenScopes.includes(permission);
}

/** The grants that give `permission` on `target` (non-host permissions count only globally). */
export function grantsFor(
  principal: Principal,
  permission: Permission,
  target: AccessTarget,
): Grant[] {
  if (!tokenAllows(principal, permission)) return [];
  const hostScoped = PERMISSION_CATALOG[permission].hostScoped;
  return principal.grants.filter(
    (g) =>
      g.permissions.includes(permission) &&
      (hostScoped ? scopeMatches(g.scope, target) : g.scope === 'global'),
  );
}

/** Whether the principal holds `permission` on `target` (regardless of resource ownership). */
export function can(principal: Principal, permission: Permission, target: AccessTarget): boolean {
  return grantsFor(principal, permission, target).length > 0;
}

/** Every permission held on `target` (for the UI and for checking token scopes). */
export function effectivePermissions(principal: Principal, target: AccessTarget): Permission[] {
  return (Object.keys(PERMISSION_CATALOG) as Permission[]).filter((p) => can(principal, p, target));
}

export type ResourceLabels = Readonly<Record<string, string>> | undefined | null;

function ownedKindOf(permission: Permission): OwnedKind | undefined {
  const kind = permission.split(':')[0];
  return (OWNED_KINDS as readonly string[]).find((k) => k === kind) as OwnedKind | undefined;
}

/** Whether the labels say the principal (or one of their teams) owns the resource. */
export function ownsResource(principal: Principal, labels: ResourceLabels): boolean {
  const user = labels?.[OWNER_USER_LABEL];
  const team = labels?.[OWNER_TEAM_LABEL];
  return (
    (user !== undefined && user === principal.userId) ||
    (team !== undefined && principal.teamIds.includes(team))
  );
}

export function isPublicResource(labels: ResourceLabels): boolean {
  return /^(1|true|yes)$/i.test(labels?.[PUBLIC_LABEL] ?? '');
}

/**
 * Whether the principal may act with `permission` on one resource with these labels on this host:
 * a grant with ownership `any` suffices; an `own` grant only for resources they or their team own.
 */
export function canActOnResource(
  principal: Principal,
  permission: Permission,
  labels: ResourceLabels,
  target: AccessTarget,
): boolean {
  const grants = grantsFor(principal, permission, target);
  if (grants.some((g) => g.ownership === 'any')) return true;
  if (grants.length === 0) return false;
  return ownedKindOf(permission) === undefined || ownsResource(principal, labels);
}

/**
 * Whether the principal may see a resource of `kind` (its `<kind>:read`): like acting, except that
 * public resources are visible to anyone holding the read permission.
 */
export function canSeeResource(
  principal: Principal,
  kind: OwnedKind | 'image' | 'host',
  labels: ResourceLabels,
  target: AccessTarget,
): boolean {
  const permission = `${kind}:read` as Permission;
  if (canActOnResource(principal, permission, labels, target)) return true;
  return can(principal, permission, target) && isPublicResource(labels);
}
