import { Agent, fetch } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ApiClient, startWharfServer, type WharfServer } from '../../support/wharf-system';
import { createUser, joinHost, USER_PASSWORD } from './identity-helpers';

const UNKNOWN = '00000000-0000-0000-0000-000000000000';

describe.each(['sqlite', 'postgresql'] as const)('bad input on %s', (database) => {
  let server: WharfServer;
  let admin: ApiClient;
  let hostId: string;
  let userId: string;

  const fieldsOf = (body: unknown) =>
    ((body as { fields?: { path: string }[] }).fields ?? []).map((f) => f.path).sort();

  beforeAll(async () => {
    server = await startWharfServer({ database });
    admin = await server.createAdmin();
    hostId = await joinHost(admin, server, 'bad-input-host');
    userId = (await createUser(admin, 'victim')).id;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('answers 400 naming every offending field, in bodies and in queries', async () => {
    const user = await admin.request('POST', '/users', { username: 'NO SPACES', password: 'x' });
    expect(user.status).toBe(400);
    expect(user.body.code).toBe('VALIDATION_FAILED');
    expect(fieldsOf(user.body)).toEqual(['password', 'username']);
    const strict = await admin.request('PATCH', `/users/${userId}`, { isAdmin: true });
    expect(strict.status).toBe(400);
    const role = await admin.request('POST', '/roles', { name: '', permissions: [] });
    expect(fieldsOf(role.body)).toEqual(['name', 'permissions']);
    const job = await admin.request('POST', '/jobs', { kind: 'image.pull', hostIds: [] });
    expect(job.status).toBe(400);
    expect(fieldsOf(job.body)).toEqual(['hostIds', 'image']);
    const list = await admin.request('GET', '/containers?page=zero&pageSize=100000&sort=random');
    expect(list.status).toBe(400);
    expect(fieldsOf(list.body)).toEqual(['page', 'pageSize', 'sort']);
    const broken = await admin.request('POST', '/teams', '{"name": ');
    expect(broken.status).toBe(400);
    expect(broken.body.code).toBe('BODY_INVALID');
  });

  it('refuses NUL characters (which PostgreSQL cannot store) as a 400, not a 500', async () => {
    const team = await admin.request('POST', '/teams', { name: 'nul', description: 'a\u0000b' });
    expect(team.status).toBe(400);
    expect(fieldsOf(team.body)).toEqual(['description']);
    expect((await admin.request('GET', '/audit?actor=a%00b')).status).toBe(400);
    expect((await admin.request('GET', '/users/a%00b')).status).toBe(400);
    expect(((await admin.request('GET', '/teams')).body as unknown[]).length).toBe(0);
  });

  it('answers 404 for unknown ids everywhere', async () => {
    const calls: [string, string, unknown?][] = [
      ['GET', `/users/${UNKNOWN}`],
      ['PATCH', `/users/${UNKNOWN}`, { displayName: 'x' }],
      ['DELETE', `/users/${UNKNOWN}`],
      ['GET', `/users/${UNKNOWN}/effective-access`],
      ['GET', `/teams/${UNKNOWN}`],
      ['PATCH', `/teams/${UNKNOWN}`, { description: 'x' }],
      ['DELETE', `/teams/${UNKNOWN}`],
      ['PUT', `/teams/${UNKNOWN}/members/${userId}`, {}],
      ['DELETE', `/teams/${UNKNOWN}/members/${userId}`],
      ['GET', `/roles/${UNKNOWN}`],
      ['PATCH', `/roles/${UNKNOWN}`, { description: 'x' }],
      ['DELETE', `/roles/${UNKNOWN}`],
      ['POST', '/role-bindings', { roleId: UNKNOWN, userId }],
      ['POST', '/role-bindings', { roleId: 'read-only', userId: UNKNOWN }],
      ['DELETE', `/role-bindings/${UNKNOWN}`],
      ['DELETE', `/tokens/${UNKNOWN}`],
      ['GET', `/hosts/${UNKNOWN}`],
      ['PATCH', `/hosts/${UNKNOWN}`, { labels: {} }],
      ['DELETE', `/hosts/${UNKNOWN}`],
      ['POST', `/hosts/${UNKNOWN}/revoke`],
      ['DELETE', `/hosts/join-tokens/${UNKNOWN}`],
      ['GET', `/jobs/${UNKNOWN}`],
      ['POST', `/jobs/${UNKNOWN}/cancel`],
      ['POST', '/jobs', { kind: 'image.pull', hostIds: [hostId, UNKNOWN], image: 'busybox' }],
      ['GET', `/hosts/${UNKNOWN}/docker/containers/json`],
    ];
    // The integration run shares one Redis, so other files' jobs may be listed: compare, not count.
    const jobIds = async () =>
      ((await admin.request('GET', '/jobs')).body as { id: string }[]).map((j) => j.id).sort();
    const jobsBefore = await jobIds();
    for (const [method, path, body] of calls) {
      const res = await admin.request(method, path, body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body.code).toMatch(/_NOT_FOUND$/);
    }
    // The job naming one unknown host among known ones was not created for the known one either.
    expect(await jobIds()).toEqual(jobsBefore);
    const team = (await admin.request('POST', '/teams', { name: 'real' })).body as { id: string };
    const member = await admin.request('PUT', `/teams/${team.id}/members/${UNKNOWN}`, {});
    expect(member.status).toBe(404);
    expect(
      ((await admin.request('GET', `/teams/${team.id}`)).body as { members: [] }).members,
    ).toEqual([]);
  });

  it('refuses oversized bodies with 413: JSON over 1 MiB, relayed raw bodies over 8 MiB', async () => {
    const before = ((await admin.request('GET', '/users')).body as unknown[]).length;
    const big = await admin.request(
      'POST',
      '/users',
      JSON.stringify({
        username: 'big',
        password: USER_PASSWORD,
        displayName: 'x'.repeat(1_100_000),
      }),
    );
    expect(big.status).toBe(413);
    expect(big.body.code).toBe('BODY_TOO_LARGE');
    expect(((await admin.request('GET', '/users')).body as unknown[]).length).toBe(before);
    const dispatcher = new Agent({ connect: { ca: server.caPem } });
    try {
      const raw = await fetch(`${server.url}/api/v1/hosts/${hostId}/docker/build`, {
        method: 'POST',
        headers: {
          cookie: admin.cookieHeader(),
          'x-csrf-token': admin.cookies.get('wharf_csrf') ?? '',
          'content-type': 'application/x-tar',
        },
        body: Buffer.alloc(9 * 1024 * 1024),
        dispatcher,
      });
      expect(raw.status).toBe(413);
      expect(((await raw.json()) as { code: string }).code).toBe('BODY_TOO_LARGE');
    } finally {
      await dispatcher.close();
    }
  });

  it('writes nothing when a request is refused part-way', async () => {
    const patch = await admin.request('PATCH', `/users/${userId}`, {
      displayName: 'changed',
      password: 'short',
    });
    expect(patch.status).toBe(400);
    expect(
      ((await admin.request('GET', `/users/${userId}`)).body as { displayName: unknown })
        .displayName,
    ).toBeNull();
    const host = await admin.request('PATCH', `/hosts/${hostId}`, {
      labels: { env: 'prod' },
      groups: ['Not A Group'],
    });
    expect(host.status).toBe(400);
    expect(
      ((await admin.request('GET', `/hosts/${hostId}`)).body as { labels: object }).labels,
    ).toEqual({});
    const binding = await admin.request('POST', '/role-bindings', {
      roleId: 'read-only',
      userId,
      teamId: UNKNOWN,
    });
    expect(binding.status).toBe(400);
    expect((await admin.request('GET', `/role-bindings?userId=${userId}`)).body).toEqual([]);
  });
});
