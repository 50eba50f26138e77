import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

import { pack } from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { SecretBox } from '../../../apps/server/src/modules/secrets/secret-box';
import { startRegistry, type TestRegistry } from '../../support/registry';
import {
  type ApiClient,
  startWharfServer,
  TEST_ADMIN_PASSWORD,
  type WharfServer,
} from '../../support/wharf-system';
import { sqlOf } from './identity-helpers';

async function layer(): Promise<Buffer> {
  const tar = pack();
  tar.entry({ name: 'hello.txt', mode: 0o644 }, randomBytes(256).toString('hex'));
  tar.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of tar as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

interface RegistryBody {
  id: string;
  name: string;
  url: string;
  username: string | null;
  hasPassword: boolean;
}

const CASES = [
  // SQLite: the key file the server creates in its data dir; PostgreSQL: a key from the environment.
  { database: 'sqlite', envKey: undefined },
  { database: 'postgresql', envKey: randomBytes(32).toString('base64') },
] as const;

describe.each(CASES)('registries on $database', ({ database, envKey }) => {
  let server: WharfServer;
  let admin: ApiClient;
  let registry: TestRegistry;
  const credentials = { username: 'ci', password: `pw-${randomBytes(6).toString('hex')}` };

  const create = async (extra: Record<string, unknown> = {}) => {
    const res = await admin.request('POST', '/registries', {
      name: `reg-${randomBytes(4).toString('hex')}`,
      url: registry.url,
      ...credentials,
      ...extra,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body as RegistryBody;
  };

  beforeAll(async () => {
    registry = await startRegistry({ credentials });
    await registry.pushImage('team/app', 'v1', [await layer()]);
    await registry.pushImage('team/app', 'v2', [await layer()]);
    await registry.pushImage('base', 'latest', [await layer()]);
    server = await startWharfServer({
      database,
      env: envKey === undefined ? {} : { WHARF_SECRET_KEY: envKey },
    });
    admin = await server.createAdmin();
  });
  afterAll(async () => {
    await server?.stop();
    await registry?.stop();
  });

  it('creates, lists, reads, changes and deletes registries; the password never comes back', async () => {
    const created = await create({ name: 'Private one', url: `${registry.url}/` });
    expect(created).toMatchObject({
      name: 'Private one',
      url: registry.url,
      username: 'ci',
      hasPassword: true,
    });
    const all = JSON.stringify([
      created,
      (await admin.request('GET', '/registries')).body,
      (await admin.request('GET', `/registries/${created.id}`)).body,
    ]);
    expect(all).not.toContain(credentials.password);
    expect(all).not.toMatch(/"password"|passwordEnc/);
    const list = (await admin.request('GET', '/registries')).body as RegistryBody[];
    expect(list.map((r) => r.id)).toContain(created.id);
    const dup = await admin.request('POST', '/registries', {
      name: 'Private one',
      url: registry.url,
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('REGISTRY_NAME_TAKEN');

    const renamed = await admin.request('PATCH', `/registries/${created.id}`, {
      name: 'Private two',
      password: null,
    });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: 'Private two', username: 'ci', hasPassword: false });
    expect((await admin.request('DELETE', `/registries/${created.id}`)).status).toBe(204);
    expect((await admin.request('GET', `/registries/${created.id}`)).status).toBe(404);

    const audit = (await admin.request('GET', '/audit?limit=50')).body as {
      items: { action: string; targetId: string | null }[];
    };
    const actions = audit.items.filter((e) => e.targetId === created.id).map((e) => e.action);
    expect(actions.sort()).toEqual(['registry.create', 'registry.delete', 'registry.update']);
  });

  it('stores the password sealed: not the plaintext, and it opens with the server key', async () => {
    const created = await create();
    const rows = await server.sql(
      sqlOf(server, 'SELECT "passwordEnc" FROM "Registry" WHERE id = ?'),
      [created.id],
    );
    const stored = String(rows[0]?.['passwordEnc']);
    expect(stored).toMatch(/^v1:[0-9a-f]{8}:/);
    expect(stored).not.toContain(credentials.password);
    let key: Buffer;
    if (envKey === undefined) {
      const file = join(server.dataDir, 'server/secret.key');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    } else key = Buffer.from(envKey, 'base64');
    expect(new SecretBox(key).open(stored)).toBe(credentials.password);
    expect(() => new SecretBox(randomBytes(32)).open(stored)).toThrow();
  });

  it('tests the connection: ok with the stored credentials, a clear refusal otherwise', async () => {
    const good = await create();
    expect((await admin.request('POST', `/registries/${good.id}/test`)).body).toEqual({
      ok: true,
      message: 'connected (Basic authentication)',
      auth: 'basic',
      status: 200,
    });
    const wrong = await create({ password: 'not-the-password' });
    const refused = await admin.request('POST', `/registries/${wrong.id}/test`);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ ok: false, auth: 'basic', status: 401 });
    expect(refused.body.message).toMatch(
      /^the registry refused the credentials of ci \(Basic authentication: UNAUTHORIZED: authentication required\)$/,
    );
    const anonymous = await create({ username: undefined, password: undefined });
    const needs = (await admin.request('POST', `/registries/${anonymous.id}/test`)).body;
    expect(needs).toMatchObject({ ok: false, status: 401 });
    expect(needs.message).toMatch(/requires credentials/);
    const browse = await admin.request('GET', `/registries/${wrong.id}/repositories`);
    expect(browse.status).toBe(409);
    expect(browse.body.message).toMatch(/refused the credentials of ci/);
  });

  it('lists the catalog in pages and the tags of a repository, as pushed', async () => {
    const reg = await create();
    const all = await admin.request('GET', `/registries/${reg.id}/repositories`);
    expect(all.body).toEqual({ repositories: ['base', 'team/app'], next: null });
    const first = await admin.request('GET', `/registries/${reg.id}/repositories?n=1`);
    expect(first.body).toEqual({ repositories: ['base'], next: 'base' });
    const second = await admin.request('GET', `/registries/${reg.id}/repositories?n=1&last=base`);
    expect((second.body as { repositories: string[] }).repositories).toEqual(['team/app']);
    const tags = await admin.request('GET', `/registries/${reg.id}/tags?repository=team/app`);
    expect(tags.status).toBe(200);
    expect(tags.body).toEqual({ repository: 'team/app', tags: ['v1', 'v2'] });
    const missing = await admin.request('GET', `/registries/${reg.id}/tags?repository=team/none`);
    expect(missing.status).toBe(404);
    expect(missing.body.message).toMatch(/team\/none/);
  });

  it('answers 400 naming the fields for bad input, and 404 for unknown ids', async () => {
    const bad = await admin.request('POST', '/registries', {
      name: '',
      url: 'ftp://registry.example',
      password: '',
    });
    expect(bad.status).toBe(400);
    expect((bad.body.fields as { path: string }[]).map((f) => f.path).sort()).toEqual([
      'name',
      'password',
      'url',
    ]);
    const withCredentials = await admin.request('POST', '/registries', {
      name: 'x',
      url: 'https://user:pw@registry.example',
    });
    expect(withCredentials.status).toBe(400);
    expect(withCredentials.body.fields).toEqual([expect.objectContaining({ path: 'url' })]);
    const reg = await create();
    const patch = await admin.request('PATCH', `/registries/${reg.id}`, {
      url: 'javascript:alert(1)',
    });
    expect(patch.status).toBe(400);
    expect((await admin.request('GET', `/registries/${reg.id}/tags`)).body.fields).toEqual([
      expect.objectContaining({ path: 'repository' }),
    ]);
    expect((await admin.request('GET', `/registries/${reg.id}/repositories?n=0`)).status).toBe(400);
    for (const [method, path] of [
      ['GET', '/registries/nope'],
      ['PATCH', '/registries/nope'],
      ['DELETE', '/registries/nope'],
      ['POST', '/registries/nope/test'],
      ['GET', '/registries/nope/repositories'],
      ['GET', '/registries/nope/tags?repository=a'],
    ] as const) {
      const res = await admin.request(method, path, method === 'PATCH' ? { name: 'y' } : undefined);
      expect(res.status, `${method} ${path}`).toBe(404);
      expect(res.body.code).toBe('REGISTRY_NOT_FOUND');
    }
  });
});

describe('registry passwords across a key rotation', () => {
  const oldKey = randomBytes(32);
  const newKey = randomBytes(32);
  let registry: TestRegistry;
  let server: WharfServer | undefined;
  let dataDir: string | undefined;

  afterAll(async () => {
    await server?.stop();
    await registry?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('opens passwords sealed with the previous key and reseals them with the new one', async () => {
    const credentials = { username: 'ci', password: `pw-${randomBytes(6).toString('hex')}` };
    registry = await startRegistry({ credentials });
    const first = await startWharfServer({ env: { WHARF_SECRET_KEY: oldKey.toString('base64') } });
    dataDir = first.dataDir;
    const admin = await first.createAdmin();
    const created = (
      await admin.request('POST', '/registries', { name: 'r', url: registry.url, ...credentials })
    ).body as RegistryBody;
    await first.stopProcess();

    server = await startWharfServer({
      dataDir,
      env: {
        WHARF_SECRET_KEY: newKey.toString('base64'),
        WHARF_SECRET_KEY_PREVIOUS: oldKey.toString('base64'),
      },
    });
    const stored = async () =>
      String(
        (await server!.sql('SELECT "passwordEnc" FROM "Registry" WHERE id = ?', [created.id]))[0]?.[
          'passwordEnc'
        ],
      );
    expect(new SecretBox(oldKey).open(await stored())).toBe(credentials.password);
    const api = server.api();
    await api.request('POST', '/auth/login', { username: 'admin', password: TEST_ADMIN_PASSWORD });
    const test = await api.request('POST', `/registries/${created.id}/test`);
    expect(test.body).toMatchObject({ ok: true });
    const resealed = await stored();
    expect(resealed.startsWith(`v1:${new SecretBox(newKey).keyId}:`)).toBe(true);
    expect(new SecretBox(newKey).open(resealed)).toBe(credentials.password);
  });
});
