import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { freePort } from '../../support/services';
import { startWharfServer, type WharfServer } from '../../support/wharf-system';

describe('server: static web UI, unknown routes, restart and dependencies', () => {
  let server: WharfServer;
  let webDir: string;

  beforeAll(async () => {
    webDir = mkdtempSync(join(tmpdir(), 'wharf-web-'));
    writeFileSync(join(webDir, 'index.html'), '<p>index</p>');
    writeFileSync(join(webDir, 'hosts.html'), '<p>hosts page</p>');
    mkdirSync(join(webDir, 'setup'));
    writeFileSync(join(webDir, 'setup', 'index.html'), '<p>setup page</p>');
    server = await startWharfServer({
      env: { WHARF_WEB_DIR: webDir, WHARF_ADMIN_PASSWORD: 'a long admin password' },
    });
  });
  afterAll(async () => {
    await server?.stop();
    rmSync(webDir, { recursive: true, force: true });
  });

  it('serves files like a static host: the file, <path>.html, <path>/index.html, then index.html', async () => {
    const get = async (path: string) => (await fetchText(server, path)).text;
    expect(await get('/')).toBe('<p>index</p>');
    expect(await get('/hosts')).toBe('<p>hosts page</p>');
    expect(await get('/setup/')).toBe('<p>setup page</p>');
    expect(await get('/hosts/some-id')).toBe('<p>index</p>');
    expect(await get('/../../etc/passwd')).toBe('<p>index</p>');
  });

  it('answers unknown API routes with a JSON 404, not the UI', async () => {
    const res = await server.api().request('GET', '/no-such-route');
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ statusCode: 404 });
  });

  it('takes the admin password from WHARF_ADMIN_PASSWORD', async () => {
    const api = server.api();
    expect((await api.request('GET', '/setup/status')).body).toEqual({ needsAdminPassword: false });
    expect(
      (
        await api.request('POST', '/auth/login', {
          username: 'admin',
          password: 'a long admin password',
        })
      ).status,
    ).toBe(200);
  });

  it('keeps its CA, database and admin across a restart on the same data dir', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'wharf-restart-'));
    try {
      const first = await startWharfServer({ dataDir });
      await first.createAdmin('first admin password');
      await first.stop();
      const second = await startWharfServer({ dataDir });
      try {
        expect(second.caFingerprint).toBe(first.caFingerprint);
        expect((await second.api().request('GET', '/setup/status')).body).toEqual({
          needsAdminPassword: false,
        });
        expect(
          (
            await second.api().request('POST', '/auth/login', {
              username: 'admin',
              password: 'first admin password',
            })
          ).status,
        ).toBe(200);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses to start, saying why, when Redis is unreachable', async () => {
    const closedPort = await freePort();
    await expect(startWharfServer({ redisUrl: `redis://127.0.0.1:${closedPort}` })).rejects.toThrow(
      /Redis is not reachable/,
    );
  });
});

async function fetchText(
  server: WharfServer,
  path: string,
): Promise<{ status: number; text: string }> {
  const { Agent, fetch } = await import('undici');
  const dispatcher = new Agent({ connect: { ca: server.caPem } });
  try {
    const res = await fetch(`${server.url}${path}`, { dispatcher });
    return { status: res.status, text: await res.text() };
  } finally {
    await dispatcher.close();
  }
}
