import { createCertificateRequest } from '@wharf/pki';
import { Agent, fetch } from 'undici';
import { expect } from 'vitest';

import { type ApiClient, type WharfServer } from '../../support/wharf-system';

/** A password that satisfies the policy (12+ characters). */
export const USER_PASSWORD = 'a long enough password';

/** SQL with the right placeholder style for the server's database (`?` vs `$1`). */
export function sqlOf(server: WharfServer, query: string): string {
  if (server.database === 'sqlite') return query;
  let n = 0;
  return query.replace(/\?/g, () => `$${++n}`);
}

/** A timestamp parameter as the database stores it (SQLite: epoch ms; PostgreSQL: Date). */
export function timeParam(server: WharfServer, at: Date): number | Date {
  return server.database === 'sqlite' ? at.getTime() : at;
}

export interface CreatedUser {
  id: string;
  username: string;
}

/** Creates a user through the admin API (asserting 201). */
export async function createUser(
  admin: ApiClient,
  username: string,
  password = USER_PASSWORD,
): Promise<CreatedUser> {
  const res = await admin.request('POST', '/users', { username, password });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body as CreatedUser;
}

/** A new client logged in as `username` (asserting 200). */
export async function loginAs(
  server: WharfServer,
  username: string,
  password = USER_PASSWORD,
  totp?: string,
): Promise<ApiClient> {
  const client = server.api();
  const res = await client.request('POST', '/auth/login', { username, password, totp });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return client;
}

/** Creates a user, binds a role on a scope, and logs them in. */
export async function userWithRole(
  server: WharfServer,
  admin: ApiClient,
  username: string,
  roleId: string | null,
  scope = 'global',
): Promise<{ user: CreatedUser; client: ApiClient }> {
  const user = await createUser(admin, username);
  if (roleId !== null) await bind(admin, { roleId, userId: user.id, scope });
  return { user, client: await loginAs(server, username) };
}

export async function bind(
  admin: ApiClient,
  binding: { roleId: string; userId?: string; teamId?: string; scope?: string },
): Promise<string> {
  const res = await admin.request('POST', '/role-bindings', binding);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { id: string }).id;
}

/** Joins a host through the real join endpoint (no agent behind it: it stays offline). */
export async function joinHost(admin: ApiClient, server: WharfServer, name: string) {
  const token = (await admin.request('POST', '/hosts/join-tokens', {})).body as { token: string };
  const { csrPem } = await createCertificateRequest(name);
  const res = await server.api().request('POST', '/agents/join', {
    token: token.token,
    csrPem,
    facts: {
      hostname: name,
      os: 'Test OS',
      kernel: '6.0.0',
      arch: 'x64',
      cpus: 2,
      memoryBytes: 1024,
      cgroupVersion: 'v2',
      runtime: { name: 'runc', version: '1.1.5' },
      engineVersion: '0.1.0',
    },
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return (res.body as { hostId: string }).hostId;
}

const dispatchers = new Map<string, Agent>();

/** A client that sends `Authorization: Bearer <token>` and no cookies (nor CSRF header). */
export function bearer(server: WharfServer, token: string) {
  let dispatcher = dispatchers.get(server.url);
  if (dispatcher === undefined) {
    dispatcher = new Agent({ connect: { ca: server.caPem } });
    dispatchers.set(server.url, dispatcher);
  }
  const agent = dispatcher;
  return async (
    method: string,
    path: string,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies, checked by the assertions
  ): Promise<{ status: number; body: any }> => {
    const res = await fetch(`${server.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: agent,
    });
    const text = await res.text();
    return { status: res.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
}
