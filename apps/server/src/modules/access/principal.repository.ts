import { Inject, Injectable } from '@nestjs/common';
import {
  BINDING_SCOPE_PATTERN,
  BUILTIN_ROLES,
  isPermission,
  type BindingScope,
  type Grant,
  type Permission,
  type Principal,
} from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

interface RoleRow {
  id: string;
  name: string;
  permissionsJson: string;
  ownership: string;
}

/** Stored permission lists are re-checked against the catalog: a renamed permission grants nothing. */
export function parsePermissions(json: string): Permission[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed)
    ? parsed.filter((p): p is Permission => typeof p === 'string' && isPermission(p))
    : [];
}

function grantOf(role: RoleRow, scope: string, via: Grant['via']): Grant | undefined {
  if (!BINDING_SCOPE_PATTERN.test(scope)) return undefined;
  return {
    roleId: role.id,
    roleName: role.name,
    permissions: parsePermissions(role.permissionsJson),
    ownership: role.ownership === 'own' ? 'own' : 'any',
    scope: scope as BindingScope,
    via,
  };
}

const ROLE_SELECT = { id: true, name: true, permissionsJson: true, ownership: true } as const;

/** Builds principals from users, their teams and the role bindings of both. */
@Injectable()
export class PrincipalRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  /** The principal of an enabled user, or null when the user is unknown or disabled. */
  async forUser(userId: string): Promise<Principal | null> {
    const user = await this.db.user.findUnique({
      where: { id: userId },
      select: {
        id: true,
        username: true,
        isAdmin: true,
        disabled: true,
        teamMemberships: { select: { teamId: true } },
        roleBindings: { select: { scope: true, role: { select: ROLE_SELECT } } },
      },
    });
    if (user === null || user.disabled) return null;
    const teamIds = user.teamMemberships.map((m) => m.teamId);
    const teamBindings = await this.db.roleBinding.findMany({
      where: { teamId: { in: teamIds } },
      select: { scope: true, teamId: true, role: { select: ROLE_SELECT } },
    });
    const grants = [
      ...user.roleBindings.map((b) => grantOf(b.role, b.scope, 'user')),
      ...teamBindings.map((b) => grantOf(b.role, b.scope, `team:${b.teamId ?? ''}`)),
    ].filter((g): g is Grant => g !== undefined);
    // The built-in admin account is an administrator everywhere whatever the bindings say.
    if (user.isAdmin) grants.unshift(adminGrant());
    return {
      kind: 'user',
      userId: user.id,
      username: user.username,
      isAdmin: user.isAdmin,
      teamIds,
      grants,
    };
  }

  /** Every host with its groups (for working out where a principal holds a permission). */
  async allHostGroups(): Promise<{ id: string; groups: string[] }[]> {
    const rows = await this.db.host.findMany({ select: { id: true, groupsJson: true } });
    return rows.map((r) => ({ id: r.id, groups: parseGroups(r.groupsJson) }));
  }

  async hostGroups(hostId: string): Promise<string[]> {
    const host = await this.db.host.findUnique({
      where: { id: hostId },
      select: { groupsJson: true },
    });
    return host === null ? [] : parseGroups(host.groupsJson);
  }
}

function parseGroups(json: string): string[] {
  const parsed: unknown = JSON.parse(json);
  return Array.isArray(parsed) ? parsed.filter((g): g is string => typeof g === 'string') : [];
}

function adminGrant(): Grant {
  const role = BUILTIN_ROLES.administrator;
  return {
    roleId: role.id,
    roleName: role.name,
    permissions: role.permissions,
    ownership: 'any',
    scope: 'global',
    via: 'user',
  };
}
