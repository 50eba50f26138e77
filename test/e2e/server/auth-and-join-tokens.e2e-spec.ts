import { createCertificateRequest } from '@wharf/pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import {
  type ApiClient,
  startWharfServer,
  TEST_ADMIN_PASSWORD,
  type WharfServer,
} from '../../support/wharf-system';

const FACTS = {
  hostname: 'e2e-host',
  os: 'Test OS',
  kernel: '6.0.0',
  arch: 'x64',
  cpus: 2,
  memoryBytes: 1024,
  cgroupVersion: 'v2' as const,
  runtime: { name: 'runc', version: '1.1.5' },
  engineVersion: '0.1.0',
};

async function joinBody(token: string) {
  const { csrPem } = await createCertificateRequest('e2e-host');
  return { token, csrPem, facts: FACTS };
}

describe.each(['sqlite', 'postgresql'] as const)('server REST API on %s', (database) => {
  let server: WharfServer;
  let admin: ApiClient;

  beforeAll(async () => {
    server = await startWharfServer({ database });
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('reports that the admin password is missing, and refuses a short one with field errors', async () => {
    const api = server.api();
    expect((await api.request('GET', '/setup/status')).body).toEqual({ needsAdminPassword: true });
    const res = await api.request('POST', '/setup/admin', { password: 'short' });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fields).toEqual([expect.objectContaining({ path: 'password' })]);
  });

  it('sets the admin password once, logging the caller in with httpOnly session and readable CSRF cookies', async () => {
    admin = server.api();
    const res = await admin.request('POST', '/setup/admin', { password: TEST_ADMIN_PASSWORD });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'admin', isAdmin: true });
    const setCookies = res.headers.getSetCookie();
    expect(setCookies.find((c) => c.startsWith('wharf_session='))).toMatch(
      /HttpOnly;.*Secure;.*SameSite=Strict/,
    );
    expect(setCookies.find((c) => c.startsWith('wharf_csrf='))).not.toMatch(/HttpOnly/);
    expect((await admin.request('GET', '/setup/status')).body).toEqual({
      needsAdminPassword: false,
    });
    const again = await server
      .api()
      .request('POST', '/setup/admin', { password: 'another long password' });
    expect(again.status).toBe(409);
    expect((await admin.request('GET', '/auth/me')).body).toMatchObject({ username: 'admin' });
  });

  it('answers 401 to unauthenticated calls', async () => {
    const anonymous = server.api();
    expect((await anonymous.request('GET', '/hosts')).status).toBe(401);
    expect((await anonymous.request('GET', '/auth/me')).status).toBe(401);
    expect((await anonymous.request('POST', '/hosts/join-tokens', {})).status).toBe(401);
  });

  it('logs in with the right password and gives the same 401 message for a wrong password and an unknown user', async () => {
    const wrongPassword = await server
      .api()
      .request('POST', '/auth/login', { username: 'admin', password: 'not the password' });
    const unknownUser = await server
      .api()
      .request('POST', '/auth/login', { username: 'nobody', password: 'not the password' });
    expect(wrongPassword.status).toBe(401);
    expect(unknownUser.status).toBe(401);
    expect(unknownUser.body).toEqual(wrongPassword.body);
    const client = server.api();
    const ok = await client.request('POST', '/auth/login', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(ok.status).toBe(200);
    expect((await client.request('GET', '/auth/me')).body).toMatchObject({
      username: 'admin',
      isAdmin: true,
    });
  });

  it('logs out: the session cookie stops working', async () => {
    const client = server.api();
    await client.request('POST', '/auth/login', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    const stolen = new Map(client.cookies);
    expect((await client.request('POST', '/auth/logout')).status).toBe(204);
    client.cookies.clear();
    for (const [k, v] of stolen) client.cookies.set(k, v);
    expect((await client.request('GET', '/auth/me')).status).toBe(401);
  });

  it('enforces CSRF on state-changing requests', async () => {
    admin.sendCsrf = false;
    const refused = await admin.request('POST', '/hosts/join-tokens', {});
    admin.sendCsrf = true;
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('CSRF_MISMATCH');
    expect((await admin.request('POST', '/hosts/join-tokens', {})).status).toBe(201);
  });

  it('validates bodies (400 with fields) and refuses bodies over 1 MiB (413)', async () => {
    const res = await admin.request('POST', '/hosts/join-tokens', { ttlSeconds: 5 });
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ path: 'ttlSeconds' })]);
    const big = await admin.request(
      'POST',
      '/hosts/join-tokens',
      JSON.stringify({ pad: 'x'.repeat(1_100_000) }),
    );
    expect(big.status).toBe(413);
  });

  it('creates a join token carrying the CA fingerprint and stores only its hash; an agent joins with it', async () => {
    const res = await admin.request('POST', '/hosts/join-tokens', { ttlSeconds: 600 });
    expect(res.status).toBe(201);
    const { id, token, joinCommand } = res.body as {
      id: string;
      token: string;
      joinCommand: string;
    };
    expect(token).toMatch(new RegExp(`^WHARF-1-${server.caFingerprint}-[A-Za-z0-9_-]{20,}$`));
    expect(joinCommand).toContain(token);
    const secret = token.split('-').slice(3).join('-');
    const rows = await server.sql(
      database === 'sqlite'
        ? 'SELECT * FROM "JoinToken" WHERE id = ?'
        : 'SELECT * FROM "JoinToken" WHERE id = $1',
      [id],
    );
    expect(JSON.stringify(rows)).not.toContain(secret);
    const joined = await server.api().request('POST', '/agents/join', await joinBody(token));
    expect(joined.status).toBe(201);
    expect(joined.body.certificatePem).toContain('BEGIN CERTIFICATE');
    const hosts = (await admin.request('GET', '/hosts')).body as {
      id: string;
      name: string;
      status: string;
    }[];
    expect(hosts).toContainEqual(
      expect.objectContaining({ id: joined.body.hostId, name: 'e2e-host', status: 'offline' }),
    );
  });

  it('refuses revoked, expired and unknown join tokens with one message and creates no host', async () => {
    const before = ((await admin.request('GET', '/hosts')).body as unknown[]).length;
    const revoked = (await admin.request('POST', '/hosts/join-tokens', {})).body as {
      id: string;
      token: string;
    };
    expect((await admin.request('DELETE', `/hosts/join-tokens/${revoked.id}`)).status).toBe(204);
    expect(
      (await admin.request('DELETE', '/hosts/join-tokens/00000000-0000-0000-0000-000000000000'))
        .status,
    ).toBe(404);
    const expired = (await admin.request('POST', '/hosts/join-tokens', {})).body as {
      id: string;
      token: string;
    };
    await server.sql(
      database === 'sqlite'
        ? 'UPDATE "JoinToken" SET "expiresAt" = ? WHERE id = ?'
        : 'UPDATE "JoinToken" SET "expiresAt" = $1 WHERE id = $2',
      [database === 'sqlite' ? Date.now() - 1000 : new Date(Date.now() - 1000), expired.id],
    );
    const unknown = `WHARF-1-${server.caFingerprint}-${'a'.repeat(43)}`;
    for (const token of [revoked.token, expired.token, unknown]) {
      const res = await server.api().request('POST', '/agents/join', await joinBody(token));
      expect(res.status).toBe(401);
      expect(res.body.message).toBe('invalid or expired join token');
    }
    expect(((await admin.request('GET', '/hosts')).body as unknown[]).length).toBe(before);
  });

  it('slows repeated failed logins down and then locks the username out for that address (429)', async () => {
    const api = server.api();
    const timings: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const started = Date.now();
      const res = await api.request('POST', '/auth/login', {
        username: 'admin',
        password: `wrong-${i}`,
      });
      timings.push(Date.now() - started);
      expect(res.status).toBe(401);
    }
    // Lower bounds only: the 7th and 8th failures come after 1.6 s and 2 s of imposed delay.
    expect(timings[6]).toBeGreaterThanOrEqual(1500);
    expect(timings[7]).toBeGreaterThanOrEqual(1900);
    const locked = await api.request('POST', '/auth/login', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await admin.request('GET', '/auth/me')).status).toBe(200);
  });
});
