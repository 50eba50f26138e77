import { BUILTIN_ROLE_IDS, type BuiltinRoleId } from '@wharf/contracts';

import { type ApiClient, type WharfServer } from '../../support/wharf-system';
import { bind, createUser, joinHost, loginAs, USER_PASSWORD } from './identity-helpers';

export type RoleId = BuiltinRoleId;
export const ROLES: readonly RoleId[] = BUILTIN_ROLE_IDS;

/** One built-in role's user (bound globally), plus a spare user with the same role for routes that end sessions. */
export interface Actor {
  role: RoleId;
  userId: string;
  username: string;
  client: ApiClient;
  spareUsername: string;
}

/** What the matrix acts on: users per role, an (offline) host, a team, a custom role, a job. */
export interface Fixture {
  server: WharfServer;
  admin: ApiClient;
  actors: Map<RoleId, Actor>;
  hostId: string;
  teamId: string;
  roleId: string;
  jobId: string;
  /** A fresh unique name for things the cases create. */
  unique(prefix: string): string;
}

export async function buildFixture(server: WharfServer, admin: ApiClient): Promise<Fixture> {
  let n = 0;
  const unique = (prefix: string) => `${prefix}-${++n}-${Date.now().toString(36)}`;
  const actors = new Map<RoleId, Actor>();
  for (const role of ROLES) {
    const user = await createUser(admin, `r-${role}`);
    await bind(admin, { roleId: role, userId: user.id });
    const spare = await createUser(admin, `s-${role}`);
    await bind(admin, { roleId: role, userId: spare.id });
    actors.set(role, {
      role,
      userId: user.id,
      username: user.username,
      client: await loginAs(server, user.username),
      spareUsername: spare.username,
    });
  }
  const hostId = await joinHost(admin, server, 'matrix-host');
  await admin.request('PATCH', `/hosts/${hostId}`, { groups: ['matrix'] });
  const teamId = (
    (await admin.request('POST', '/teams', { name: 'matrix-team' })).body as {
      id: string;
    }
  ).id;
  const roleId = (
    (await admin.request('POST', '/roles', { name: 'matrix-role', permissions: ['host:read'] }))
      .body as { id: string }
  ).id;
  const jobId = (
    (await admin.request('POST', '/jobs', { kind: 'image.pull', hostIds: [hostId], image: 'x' }))
      .body as { id: string }
  ).id;
  return { server, admin, actors, hostId, teamId, roleId, jobId, unique };
}

/** A fresh login of the actor's spare user (for logout, password, TOTP routes). */
export function spareLogin(f: Fixture, actor: Actor): Promise<ApiClient> {
  return loginAs(f.server, actor.spareUsername, USER_PASSWORD);
}

const VOLATILE_TABLES = new Set(['AuditEvent', 'Session', 'LoginAttempt']);

const TABLE_NAMES: Record<WharfServer['database'], string> = {
  sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'",
  postgresql:
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
};

/**
 * Each row of each table as JSON text, sorted (PostgreSQL returns rows in no fixed order). SQLite
 * is a local file, read table by table; on PostgreSQL every query is a new connection, so all tables
 * are read in one.
 */
async function rowsByTable(
  server: WharfServer,
  tables: string[],
): Promise<Record<string, string[]>> {
  const rows: Record<string, string[]> = Object.fromEntries(tables.map((t) => [t, []]));
  if (server.database === 'sqlite') {
    for (const table of tables)
      rows[table] = (await server.sql(`SELECT * FROM "${table}"`)).map((r) => JSON.stringify(r));
  } else if (tables.length > 0) {
    const union = tables
      .map((t) => `SELECT '${t}' AS "table", to_jsonb(x)::text AS "row" FROM "${t}" x`)
      .join(' UNION ALL ');
    for (const r of await server.sql(union)) rows[String(r['table'])]?.push(String(r['row']));
  }
  for (const list of Object.values(rows)) list.sort();
  return rows;
}

/**
 * Every row of every table except the audit log, sessions and login attempts (which a refused call
 * may legitimately touch), plus the fleet job list: a refused call must leave all of it unchanged.
 */
export async function snapshot(f: Fixture): Promise<string> {
  const tables = (await f.server.sql(TABLE_NAMES[f.server.database]))
    .map((r) => String(r['name']))
    .filter((t) => !VOLATILE_TABLES.has(t) && !t.startsWith('sqlite_') && !t.startsWith('_'))
    .sort();
  const jobs = ((await f.admin.request('GET', '/jobs')).body as { id: string }[]).map((j) => j.id);
  return JSON.stringify({ ...(await rowsByTable(f.server, tables)), jobs });
}
