import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { waitFor } from '../../support/services';
import {
  type ApiClient,
  startWharfAgent,
  startWharfServer,
  type WharfAgent,
  type WharfServer,
} from '../../support/wharf-system';
import { hostIdOf } from './fleet-helpers';
import { type LinkProxy, startLinkProxy } from './link-proxy';

describe('fleet: agent certificates are renewed over the link before they expire', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let proxy: LinkProxy;
  let agent: WharfAgent;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('these tests run a real engine and need root');
    // 30 s certificates: the agent must ask for a new one within the last 10 s.
    server = await startWharfServer({ env: { WHARF_AGENT_CERT_TTL_SECONDS: '30' } });
    admin = await server.createAdmin();
    proxy = await startLinkProxy(server.port);
  });

  afterAll(async () => {
    await agent?.stop();
    await proxy?.close();
    await server?.stop();
  });

  it('renews with a fresh key, and the next connection uses the new certificate', async () => {
    agent = await startWharfAgent(server, { serverUrl: proxy.url });
    const hostId = await hostIdOf(admin, agent, new Set());
    const serial = async () =>
      String(
        (await server.sql('SELECT "certificateSerial" FROM "Host" WHERE id = ?', [hostId]))[0]![
          'certificateSerial'
        ],
      );
    const first = await serial();
    await waitFor(() => agent.logs().includes('client certificate renewed'), 'renewal', 60_000);
    const second = await serial();
    expect(second).not.toBe(first);
    // The old certificate is no longer accepted; a reconnect must present the renewed one.
    proxy.down();
    await waitFor(
      async () =>
        ((await admin.request('GET', `/hosts/${hostId}`)).body as { status: string }).status ===
        'offline',
      'offline',
      20_000,
    );
    proxy.up();
    await waitFor(
      async () =>
        ((await admin.request('GET', `/hosts/${hostId}`)).body as { status: string }).status ===
        'online',
      'online again with the renewed certificate',
      60_000,
    );
    expect(agent.logs()).not.toContain('server refused the connection');
  });
});

describe('fleet: an operator rotates a host certificate on demand', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let proxy: LinkProxy;
  let agent: WharfAgent | undefined;
  let hostId: string;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('these tests run a real engine and need root');
    server = await startWharfServer();
    admin = await server.createAdmin();
    proxy = await startLinkProxy(server.port);
  });

  afterAll(async () => {
    await agent?.stop();
    await proxy?.close();
    await server?.stop();
  });

  it('renews a year-long certificate at once, audited, and the agent reconnects with the new one', async () => {
    agent = await startWharfAgent(server, { serverUrl: proxy.url });
    hostId = await hostIdOf(admin, agent, new Set());
    const serial = async () =>
      (await server.sql('SELECT "certificateSerial" FROM "Host" WHERE id = ?', [hostId]))[0]![
        'certificateSerial'
      ];
    const first = await serial();

    const rotated = await admin.request('POST', `/hosts/${hostId}/rotate`);
    expect(rotated.status, JSON.stringify(rotated.body)).toBe(200);
    expect(await serial()).not.toBe(first);
    // A new certificate of the configured (default: one year) lifetime, reported with the host.
    const { certificateExpiresAt } = rotated.body as { certificateExpiresAt: string };
    expect(Date.parse(certificateExpiresAt) - Date.now()).toBeGreaterThan(360 * 86_400_000);
    expect(agent.logs()).toContain('client certificate renewed');
    const audit = (await admin.request('GET', '/audit?action=host.rotate')).body as {
      items: { result: string; targetId: string }[];
    };
    expect(audit.items.map((i) => [i.result, i.targetId])).toEqual([['success', hostId]]);

    // The old certificate is refused from now on: a reconnect must present the new one.
    const status = async () =>
      ((await admin.request('GET', `/hosts/${hostId}`)).body as { status: string }).status;
    proxy.down();
    await waitFor(async () => (await status()) === 'offline', 'offline', 20_000);
    proxy.up();
    await waitFor(async () => (await status()) === 'online', 'online again', 60_000);
    expect(agent.logs()).not.toContain('server refused the connection');
  });

  it('answers 503 for an offline host and changes nothing', async () => {
    await agent?.stop();
    agent = undefined;
    await waitFor(
      async () =>
        ((await admin.request('GET', `/hosts/${hostId}`)).body as { status: string }).status ===
        'offline',
      'offline',
      20_000,
    );
    const serial = async () =>
      (await server.sql('SELECT "certificateSerial" FROM "Host" WHERE id = ?', [hostId]))[0]![
        'certificateSerial'
      ];
    const before = await serial();
    const res = await admin.request('POST', `/hosts/${hostId}/rotate`);
    expect(res.status).toBe(503);
    expect((res.body as { message: string }).message).toMatch(/is offline/);
    expect(await serial()).toBe(before);
  });
});
