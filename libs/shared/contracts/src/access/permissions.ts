/**
 * The permission catalog. The server checks these on every endpoint and socket event; the web UI
 * reads the same list to hide what a user may not do.
 *
 * `hostScoped` permissions can be granted globally, on a host group or on one host; the others only
 * count when granted globally (a host-scoped binding never makes anyone a user manager).
 */
export const PERMISSION_CATALOG = {
  'host:read': { hostScoped: true, description: 'see hosts, their facts and engine info' },
  'host:manage': {
    hostScoped: true,
    description: 'rename, label, group, remove hosts; join tokens',
  },
  'container:read': { hostScoped: true, description: 'list and inspect containers' },
  'container:create': { hostScoped: true, description: 'create containers' },
  'container:operate': { hostScoped: true, description: 'start, stop, restart, kill, pause' },
  'container:console': { hostScoped: true, description: 'exec into and attach to containers' },
  'container:logs': { hostScoped: true, description: 'read container logs' },
  'container:delete': { hostScoped: true, description: 'remove containers' },
  'image:read': { hostScoped: true, description: 'list and inspect images' },
  'image:pull': { hostScoped: true, description: 'pull and tag images' },
  'image:push': { hostScoped: true, description: 'push images' },
  'image:build': { hostScoped: true, description: 'build images' },
  'image:delete': { hostScoped: true, description: 'remove images' },
  'volume:read': { hostScoped: true, description: 'list and inspect volumes' },
  'volume:write': { hostScoped: true, description: 'create and remove volumes' },
  'network:read': { hostScoped: true, description: 'list and inspect networks' },
  'network:write': { hostScoped: true, description: 'create, connect, remove networks' },
  'stack:read': { hostScoped: true, description: 'see stacks' },
  'stack:deploy': { hostScoped: true, description: 'deploy and update stacks' },
  'stack:delete': { hostScoped: true, description: 'remove stacks' },
  'system:prune': { hostScoped: true, description: 'prune unused objects' },
  'job:read': { hostScoped: true, description: 'see fleet jobs' },
  'job:run': { hostScoped: true, description: 'run and cancel fleet jobs' },
  'registry:read': { hostScoped: false, description: 'see configured registries' },
  'registry:manage': { hostScoped: false, description: 'add, change, remove registries' },
  'user:manage': { hostScoped: false, description: 'create, change, disable, delete users' },
  'team:manage': { hostScoped: false, description: 'create teams and manage any team' },
  'role:manage': { hostScoped: false, description: 'custom roles and role bindings' },
  'audit:read': { hostScoped: false, description: 'read, export and verify the audit log' },
  'settings:manage': { hostScoped: false, description: 'server settings' },
} as const satisfies Record<string, { hostScoped: boolean; description: string }>;

export type Permission = keyof typeof PERMISSION_CATALOG;
export const PERMISSIONS = Object.keys(PERMISSION_CATALOG) as Permission[];

export function isPermission(value: string): value is Permission {
  return Object.hasOwn(PERMISSION_CATALOG, value);
}

/**
 * `any`: the role's permissions apply to every resource in scope. `own`: on containers, volumes,
 * networks and stacks only to what the user or one of their teams owns (reads also see public ones).
 */
export type RoleOwnership = 'any' | 'own';

/** Resource kinds that carry owner labels; ownership-restricted roles are limited on these. */
export const OWNED_KINDS = ['container', 'volume', 'network', 'stack'] as const;
export type OwnedKind = (typeof OWNED_KINDS)[number];

/** Engine labels that record who owns a resource. */
export const OWNER_USER_LABEL = 'wharf.owner.user';
export const OWNER_TEAM_LABEL = 'wharf.owner.team';
export const PUBLIC_LABEL = 'wharf.public';

export interface BuiltinRole {
  id: string;
  name: string;
  ownership: RoleOwnership;
  permissions: readonly Permission[];
}

const hostScoped = PERMISSIONS.filter((p) => PERMISSION_CATALOG[p].hostScoped);
const reads = hostScoped.filter((p) => p.endsWith(':read'));

export const BUILTIN_ROLES = {
  administrator: {
    id: 'administrator',
    name: 'Administrator',
    ownership: 'any',
    permissions: PERMISSIONS,
  },
  'host-administrator': {
    id: 'host-administrator',
    name: 'Host administrator',
    ownership: 'any',
    permissions: hostScoped,
  },
  operator: {
    id: 'operator',
    name: 'Operator',
    ownership: 'any',
    permissions: [...reads, 'container:operate', 'container:logs', 'container:console'],
  },
  helpdesk: {
    id: 'helpdesk',
    name: 'Helpdesk',
    ownership: 'any',
    permissions: [...reads, 'container:logs', 'container:console'],
  },
  'standard-user': {
    id: 'standard-user',
    name: 'Standard user',
    ownership: 'own',
    permissions: [
      ...reads,
      'container:create',
      'container:operate',
      'container:console',
      'container:logs',
      'container:delete',
      'image:pull',
      'volume:write',
      'network:write',
      'stack:deploy',
      'stack:delete',
    ],
  },
  'read-only': { id: 'read-only', name: 'Read-only', ownership: 'any', permissions: reads },
} as const satisfies Record<string, BuiltinRole>;

export type BuiltinRoleId = keyof typeof BUILTIN_ROLES;
export const BUILTIN_ROLE_IDS = Object.keys(BUILTIN_ROLES) as BuiltinRoleId[];
