import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { type ApiClient, startWharfServer, type WharfServer } from '../../support/wharf-system';
import { bearer, createUser, joinHost, sqlOf, USER_PASSWORD } from './identity-helpers';

interface AuditItem {
  seq: number;
  at: string;
  actorType: string;
  actorId: string | null;
  actorName: string;
  tokenId: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  hostId: string | null;
  result: string;
  correlationId: string | null;
  details: Record<string, unknown>;
}

describe.each(['sqlite', 'postgresql'] as const)('audit log on %s', (database) => {
  let server: WharfServer;
  let admin: ApiClient;
  let hostId: string;

  const query = async (q: string) => {
    const res = await admin.request('GET', `/audit?${q}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return res.body as { items: AuditItem[]; nextBefore: number | null };
  };

  beforeAll(async () => {
    server = await startWharfServer({ database });
    admin = await server.createAdmin();
    hostId = await joinHost(admin, server, 'audited-host');
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('records who, from where, what, on which resource and host, when, and the result', async () => {
    const started = new Date().toISOString();
    const res = await admin.request('POST', '/users', {
      username: 'audited',
      password: USER_PASSWORD,
    });
    const userId = (res.body as { id: string }).id;
    const [row] = (await query('action=user.create')).items;
    expect(row).toMatchObject({
      actorType: 'user',
      actorName: 'admin',
      action: 'user.create',
      targetType: 'user',
      targetId: userId,
      result: 'success',
      correlationId: res.headers.get('x-request-id'),
    });
    expect(row!.ip).toMatch(/127\.0\.0\.1$/);
    expect(row!.at >= started).toBe(true);
    expect(JSON.stringify(row)).not.toContain(USER_PASSWORD);

    await admin.request('PATCH', `/hosts/${hostId}`, { labels: { env: 'audit' } });
    const [hostRow] = (await query(`hostId=${hostId}&action=host.update`)).items;
    expect(hostRow).toMatchObject({
      hostId,
      targetId: hostId,
      details: { labels: { env: 'audit' } },
    });
    // A refused relayed operation is recorded too (denied), with the host it was aimed at.
    const std = await createUser(admin, 'std-audited');
    await admin.request('POST', '/role-bindings', { roleId: 'read-only', userId: std.id });
    const stdClient = server.api();
    await stdClient.request('POST', '/auth/login', {
      username: 'std-audited',
      password: USER_PASSWORD,
    });
    expect(
      (await stdClient.request('POST', `/hosts/${hostId}/docker/containers/x/stop`)).status,
    ).toBe(403);
    const [denied] = (await query(`hostId=${hostId}&result=denied`)).items;
    expect(denied).toMatchObject({
      actorName: 'std-audited',
      action: 'container.stop',
      targetId: 'x',
    });
  });

  it('tells token calls and failed logins apart from session calls', async () => {
    const token = (await admin.request('POST', '/tokens', { name: 'ci', scopes: ['team:manage'] }))
      .body as { id: string; token: string };
    expect((await bearer(server, token.token)('POST', '/teams', { name: 'by-token' })).status).toBe(
      201,
    );
    const [byToken] = (await query('action=team.create')).items;
    expect(byToken).toMatchObject({ actorType: 'token', actorName: 'admin', tokenId: token.id });
    await server
      .api()
      .request('POST', '/auth/login', { username: '=1+2', password: 'wrong password' });
    const [failed] = (await query('action=auth.login&result=failure')).items;
    expect(failed).toMatchObject({ actorType: 'anonymous', actorName: '=1+2', result: 'failure' });
  });

  it('filters by actor, action prefix, result and time, and pages with nextBefore', async () => {
    const byActor = await query('actor=std-audited');
    expect(byActor.items.length).toBeGreaterThan(0);
    expect(byActor.items.every((i) => i.actorName === 'std-audited')).toBe(true);
    const users = await query('action=user.');
    expect(new Set(users.items.map((i) => i.action.split('.')[0]))).toEqual(new Set(['user']));
    const future = await query(`from=${new Date(Date.now() + 60_000).toISOString()}`);
    expect(future.items).toEqual([]);
    const all = await query('limit=1000');
    const first = await query('limit=2');
    expect(first.items.map((i) => i.seq)).toEqual(all.items.slice(0, 2).map((i) => i.seq));
    const second = await query(`limit=2&before=${first.nextBefore}`);
    expect(second.items.map((i) => i.seq)).toEqual(all.items.slice(2, 4).map((i) => i.seq));
    const bad = await admin.request('GET', '/audit?result=maybe&limit=0');
    expect(bad.status).toBe(400);
    const fields = (bad.body as { fields: { path: string }[] }).fields;
    expect(fields.map((f) => f.path).sort()).toEqual(['limit', 'result']);
  });

  it('exports the filtered log as CSV and JSON downloads', async () => {
    const list = (await query('action=user.')).items;
    const json = await admin.request('GET', '/audit/export?format=json&action=user.');
    expect(json.status).toBe(200);
    expect(json.headers.get('content-disposition')).toMatch(/attachment; filename="audit.json"/);
    const wanted: unknown[] = list.map((i) => ({ seq: i.seq, action: i.action }));
    expect((json.body as AuditItem[]).map((i) => ({ seq: i.seq, action: i.action }))).toEqual(
      wanted,
    );
    const csv = await admin.request('GET', '/audit/export?format=csv');
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(/filename="audit.csv"/);
    const lines = (csv.body as string).trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^seq,at,actorType,actorId,actorName,/);
    expect(lines.length - 1).toBe((await query('limit=1000')).items.length);
    // A spreadsheet must not run the attempted username as a formula.
    expect(csv.body).toContain("'=1+2");
    expect(csv.body).not.toMatch(/(^|,)=1\+2/m);
  });

  it('verify reports a row changed or removed behind the server’s back', async () => {
    expect((await admin.request('GET', '/audit/verify')).body).toMatchObject({
      ok: true,
      firstBroken: null,
    });
    const [target] = (await query('action=user.create')).items;
    await server.sql(sqlOf(server, 'UPDATE "AuditEvent" SET "actorName" = ? WHERE seq = ?'), [
      'someone-else',
      target!.seq,
    ]);
    const tampered = (await admin.request('GET', '/audit/verify')).body;
    expect(tampered).toMatchObject({
      ok: false,
      firstBroken: { seq: target!.seq, reason: 'hash-mismatch' },
    });
    await server.sql(sqlOf(server, 'UPDATE "AuditEvent" SET "actorName" = ? WHERE seq = ?'), [
      'admin',
      target!.seq,
    ]);
    expect((await admin.request('GET', '/audit/verify')).body).toMatchObject({ ok: true });
    await server.sql(sqlOf(server, 'DELETE FROM "AuditEvent" WHERE seq = ?'), [target!.seq]);
    const removed = (await admin.request('GET', '/audit/verify')).body as {
      ok: boolean;
      firstBroken: { seq: number; reason: string };
    };
    expect(removed.ok).toBe(false);
    expect(removed.firstBroken.reason).toBe('prev-hash-mismatch');
    expect(removed.firstBroken.seq).toBeGreaterThan(target!.seq);
  });
});
