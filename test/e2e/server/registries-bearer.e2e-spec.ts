import { randomBytes } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startTokenRegistry, type TokenRegistry } from '../../support/token-registry';
import { type ApiClient, startWharfServer, type WharfServer } from '../../support/wharf-system';

describe('registries behind a token service (bearer flow, real docker-registry)', () => {
  let registry: TokenRegistry;
  let server: WharfServer;
  let admin: ApiClient;

  beforeAll(async () => {
    registry = await startTokenRegistry([{ username: 'ci', password: 'token-pass' }]);
    server = await startWharfServer();
    admin = await server.createAdmin();
  });
  afterAll(async () => {
    await server?.stop();
    await registry?.stop();
  });

  const add = async (password: string) =>
    (
      (
        await admin.request('POST', '/registries', {
          name: `tok-${randomBytes(3).toString('hex')}`,
          url: registry.url,
          username: 'ci',
          password,
        })
      ).body as { id: string }
    ).id;

  it('gets a token from the realm with the stored credentials, then is let in', async () => {
    const id = await add('token-pass');
    const test = await admin.request('POST', `/registries/${id}/test`);
    expect(test.body).toEqual({
      ok: true,
      message: 'connected (bearer token)',
      auth: 'bearer',
      status: 200,
    });
    const catalog = await admin.request('GET', `/registries/${id}/repositories`);
    expect(catalog.status, JSON.stringify(catalog.body)).toBe(200);
    expect(catalog.body).toEqual({ repositories: [], next: null });
    expect(registry.scopes).toContain('registry:catalog:*');
  });

  it('reports the token service refusing a wrong password', async () => {
    const id = await add('wrong-pass');
    const test = await admin.request('POST', `/registries/${id}/test`);
    expect(test.body).toMatchObject({ ok: false, auth: 'bearer', status: 401 });
    expect((test.body as { message: string }).message).toBe(
      "the registry's token service refused the credentials of ci (401: UNAUTHORIZED: wrong login)",
    );
  });
});
