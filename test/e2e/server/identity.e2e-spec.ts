import { authenticator } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ApiClient, startWharfServer, type WharfServer } from '../../support/wharf-system';
import {
  bearer,
  createUser,
  loginAs,
  sqlOf,
  timeParam,
  USER_PASSWORD,
  userWithRole,
} from './identity-helpers';

/** The next TOTP code that differs from `previous` (codes are single-step; wait for the next one). */
async function freshCode(secret: string, previous?: string): Promise<string> {
  for (;;) {
    const code = authenticator.generate(secret);
    if (code !== previous) return code;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

describe.each(['sqlite', 'postgresql'] as const)('identity on %s', (database) => {
  let server: WharfServer;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startWharfServer({ database });
    admin = await server.createAdmin();
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('an administrator creates, lists, reads, changes and deletes users; no hash leaves the server', async () => {
    const created = await admin.request('POST', '/users', {
      username: 'alice',
      password: USER_PASSWORD,
      displayName: 'Alice A.',
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'alice',
      displayName: 'Alice A.',
      disabled: false,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/argon2|password/i);
    const id = (created.body as { id: string }).id;
    const dup = await admin.request('POST', '/users', {
      username: 'alice',
      password: USER_PASSWORD,
    });
    expect(dup.status).toBe(409);
    const list = (await admin.request('GET', '/users')).body as { username: string }[];
    expect(list.map((u) => u.username)).toEqual(expect.arrayContaining(['admin', 'alice']));
    expect((await admin.request('GET', `/users/${id}`)).body).toMatchObject({
      id,
      username: 'alice',
    });
    const patched = await admin.request('PATCH', `/users/${id}`, { displayName: 'Alice B.' });
    expect(patched.body).toMatchObject({ displayName: 'Alice B.' });
    expect((await admin.request('DELETE', `/users/${id}`)).status).toBe(204);
    expect((await admin.request('GET', `/users/${id}`)).status).toBe(404);
    expect((await admin.request('DELETE', `/users/${id}`)).status).toBe(404);
    const adminId = ((await admin.request('GET', '/auth/me')).body as { id: string }).id;
    const self = await admin.request('DELETE', `/users/${adminId}`);
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('ADMIN_PROTECTED');
  });

  it('enforces the password policy on create, reset and change (400 naming the field)', async () => {
    const short = await admin.request('POST', '/users', { username: 'bob', password: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.fields).toEqual([expect.objectContaining({ path: 'password' })]);
    expect((await admin.request('GET', '/users')).body).not.toContainEqual(
      expect.objectContaining({ username: 'bob' }),
    );
    const bob = await createUser(admin, 'bob');
    const reset = await admin.request('PATCH', `/users/${bob.id}`, { password: 'tiny' });
    expect(reset.status).toBe(400);
    expect(reset.body.fields).toEqual([expect.objectContaining({ path: 'password' })]);
    const client = await loginAs(server, 'bob');
    const change = await client.request('POST', '/auth/password', {
      currentPassword: USER_PASSWORD,
      newPassword: 'tiny',
    });
    expect(change.status).toBe(400);
    expect(change.body.fields).toEqual([expect.objectContaining({ path: 'newPassword' })]);
    const wrongCurrent = await client.request('POST', '/auth/password', {
      currentPassword: 'not my password',
      newPassword: 'another long password',
    });
    expect(wrongCurrent.status).toBe(403);
    const ok = await client.request('POST', '/auth/password', {
      currentPassword: USER_PASSWORD,
      newPassword: 'another long password',
    });
    expect(ok.status).toBe(204);
    expect((await client.request('GET', '/auth/me')).status).toBe(200);
    await loginAs(server, 'bob', 'another long password');
  });

  it('a disabled user cannot log in and their sessions and tokens stop working at once', async () => {
    const { user, client } = await userWithRole(server, admin, 'carol', 'read-only');
    const token = (await client.request('POST', '/tokens', { name: 't', scopes: ['host:read'] }))
      .body as { token: string };
    expect((await bearer(server, token.token)('GET', '/hosts')).status).toBe(200);
    const disabled = await admin.request('PATCH', `/users/${user.id}`, { disabled: true });
    expect(disabled.body).toMatchObject({ disabled: true });
    expect((await client.request('GET', '/auth/me')).status).toBe(401);
    expect((await bearer(server, token.token)('GET', '/hosts')).status).toBe(401);
    const login = await server
      .api()
      .request('POST', '/auth/login', { username: 'carol', password: USER_PASSWORD });
    expect(login.status).toBe(401);
    expect(login.body.message).toBe('invalid username or password');
    await admin.request('PATCH', `/users/${user.id}`, { disabled: false });
    await loginAs(server, 'carol');
  });

  it('logout everywhere ends every session of the user, on every device', async () => {
    await createUser(admin, 'dave');
    const laptop = await loginAs(server, 'dave');
    const phone = await loginAs(server, 'dave');
    const other = await loginAs(server, 'bob', 'another long password');
    expect((await phone.request('POST', '/auth/logout-all')).status).toBe(204);
    expect((await laptop.request('GET', '/auth/me')).status).toBe(401);
    expect((await phone.request('GET', '/auth/me')).status).toBe(401);
    expect((await other.request('GET', '/auth/me')).status).toBe(200);
  });

  it('TOTP: enrol, confirm with a code, then login needs the code (or a recovery code, once)', async () => {
    await createUser(admin, 'erin');
    const erin = await loginAs(server, 'erin');
    const enrolled = await erin.request('POST', '/auth/totp/enroll');
    expect(enrolled.status).toBe(200);
    const { secret, otpauthUrl } = enrolled.body as { secret: string; otpauthUrl: string };
    expect(otpauthUrl).toMatch(/^otpauth:\/\/totp\/Wharf:erin\?secret=/);
    const bad = await erin.request('POST', '/auth/totp/confirm', { code: '000000' });
    expect(bad.status).toBe(400);
    const first = await freshCode(secret);
    const confirmed = await erin.request('POST', '/auth/totp/confirm', { code: first });
    expect(confirmed.status).toBe(200);
    const { recoveryCodes } = confirmed.body as { recoveryCodes: string[] };
    expect(recoveryCodes).toHaveLength(10);
    const users = (await admin.request('GET', '/users')).body as { username: string }[];
    expect(users).toContainEqual(expect.objectContaining({ username: 'erin', totpEnabled: true }));

    const noCode = await server
      .api()
      .request('POST', '/auth/login', { username: 'erin', password: USER_PASSWORD });
    expect(noCode.status).toBe(401);
    expect(noCode.body.code).toBe('TOTP_REQUIRED');
    expect(noCode.headers.getSetCookie()).toEqual([]);
    const wrong = await server.api().request('POST', '/auth/login', {
      username: 'erin',
      password: USER_PASSWORD,
      totp: first === '123456' ? '654321' : '123456',
    });
    expect(wrong.status).toBe(401);
    const used = await freshCode(secret);
    await loginAs(server, 'erin', USER_PASSWORD, used);
    // A code is good once: replaying it within its window is refused (RFC 6238 §5.2).
    const replayed = await server.api().request('POST', '/auth/login', {
      username: 'erin',
      password: USER_PASSWORD,
      totp: used,
    });
    expect(replayed.status).toBe(401);
    const recovery = recoveryCodes[0]!;
    await loginAs(server, 'erin', USER_PASSWORD, recovery);
    const reused = await server.api().request('POST', '/auth/login', {
      username: 'erin',
      password: USER_PASSWORD,
      totp: recovery,
    });
    expect(reused.status).toBe(401);
  });

  it('API tokens: secret shown once, Bearer works without CSRF, scopes restrict, last use recorded', async () => {
    const created = await admin.request('POST', '/tokens', {
      name: 'ci',
      scopes: ['host:read', 'host:manage'],
    });
    expect(created.status).toBe(201);
    const { id, token } = created.body as { id: string; token: string };
    expect(token).toMatch(/^wharf_pat_[A-Za-z0-9_-]{40,}$/);
    const rows = await server.sql(sqlOf(server, 'SELECT * FROM "ApiToken" WHERE id = ?'), [id]);
    expect(JSON.stringify(rows)).not.toContain(token);
    const listed = (await admin.request('GET', '/tokens')).body as Record<string, unknown>[];
    const mine = listed.find((t) => t['id'] === id);
    expect(mine).toMatchObject({ name: 'ci', lastUsedAt: null, revokedAt: null });
    expect(mine).not.toHaveProperty('token');

    const call = bearer(server, token);
    expect((await call('GET', '/hosts')).status).toBe(200);
    // No CSRF header: a bearer token is not ambient authority a cross-site page could use.
    expect((await call('POST', '/hosts/join-tokens', {})).status).toBe(201);
    // The admin holds user:manage, but this token was not given it.
    const outOfScope = await call('GET', '/users');
    expect(outOfScope.status).toBe(403);
    expect(JSON.stringify(outOfScope.body)).not.toContain('admin');
    const used = (
      (await admin.request('GET', '/tokens')).body as { id: string; lastUsedAt: string | null }[]
    ).find((t) => t.id === id);
    expect(used?.lastUsedAt).not.toBeNull();

    expect((await bearer(server, 'wharf_pat_not-a-real-token')('GET', '/hosts')).status).toBe(401);
    expect((await admin.request('DELETE', `/tokens/${id}`)).status).toBe(204);
    expect((await call('GET', '/hosts')).status).toBe(401);
  });

  it('API tokens: expired ones are refused; nobody mints scopes they do not hold', async () => {
    const { client } = await userWithRole(server, admin, 'frank', 'read-only');
    const beyond = await client.request('POST', '/tokens', { name: 'x', scopes: ['user:manage'] });
    expect(beyond.status).toBe(403);
    expect(beyond.body.code).toBe('SCOPE_NOT_HELD');
    const bad = await client.request('POST', '/tokens', { name: 'x', scopes: ['no:such'] });
    expect(bad.status).toBe(400);
    expect(bad.body.fields[0].path).toMatch(/^scopes/);
    const made = await client.request('POST', '/tokens', {
      name: 'short-lived',
      scopes: ['host:read'],
      ttlSeconds: 60,
    });
    const { id, token } = made.body as { id: string; token: string };
    expect((await bearer(server, token)('GET', '/hosts')).status).toBe(200);
    await server.sql(sqlOf(server, 'UPDATE "ApiToken" SET "expiresAt" = ? WHERE id = ?'), [
      timeParam(server, new Date(Date.now() - 1000)),
      id,
    ]);
    const expired = await bearer(server, token)('GET', '/hosts');
    expect(expired.status).toBe(401);
    expect(expired.body.code).toBe('BAD_TOKEN');
    // Someone else's token is as unknown as a missing one.
    expect(
      (
        await (
          await loginAs(server, 'bob', 'another long password')
        ).request('DELETE', `/tokens/${id}`)
      ).status,
    ).toBe(404);
  });
});
