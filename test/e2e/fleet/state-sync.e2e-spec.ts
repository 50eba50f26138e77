import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { waitFor } from '../../support/services';
import {
  type ApiClient,
  startWharfAgent,
  startWharfServer,
  type WharfAgent,
  type WharfServer,
} from '../../support/wharf-system';
import { dockerOn, engineReady, hostIdOf, removeAllContainers, uiSocket } from './fleet-helpers';
import { type LinkProxy, startLinkProxy } from './link-proxy';

interface Item {
  hostId: string;
  id: string;
  name: string;
  state: string;
}

describe('fleet: state sync and remote operations with two real agents (real engines)', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let proxy: LinkProxy;
  const agents: WharfAgent[] = [];
  const hostIds: string[] = [];
  let tarDir: string;

  const list = async (kind: string, query: string) =>
    (await admin.request('GET', `/${kind}?${query}`)).body as { items: Item[]; total: number };
  const engineContainers = (agent: WharfAgent) =>
    dockerOn(agent, ['ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.State}}'])
      .stdout.split('\n')
      .filter((l) => l !== '')
      .sort();
  const dbContainers = async (hostId: string) =>
    (await list('containers', `host=${hostId}&pageSize=500`)).items
      .map((c) => `${c.id} ${c.state}`)
      .sort();

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('these tests run real engines and need root');
    server = await startWharfServer();
    admin = await server.createAdmin();
    proxy = await startLinkProxy(server.port);
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-fleet-'));
    const tar = buildBusyboxRootfsTar(tarDir);
    const known = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const agent = await startWharfAgent(server, { serverUrl: proxy.url });
      agents.push(agent);
      hostIds.push(await hostIdOf(admin, agent, known));
      await engineReady(agent);
      expect(dockerOn(agent, ['import', tar, 'busybox:latest']).code).toBe(0);
    }
  });

  afterAll(async () => {
    for (const agent of agents) {
      removeAllContainers(agent);
      await agent.stop();
    }
    await proxy?.close();
    await server?.stop();
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  it('snapshot and events reach the database and a subscribed /ui socket', async () => {
    const [a, b] = agents;
    const ui = await uiSocket(server, admin);
    try {
      await waitFor(
        async () =>
          (await list('images', `host=${hostIds[0]}`)).items.some(
            (i) => i.name === 'busybox:latest',
          ),
        'image listed',
        30_000,
      );
      const run = dockerOn(a!, [
        'run',
        '-d',
        '--network',
        'none',
        '--name',
        'web-a',
        'busybox',
        'sh',
        '-c',
        'echo hello-from-a; sleep 600',
      ]);
      expect(run.code, run.stderr).toBe(0);
      dockerOn(b!, ['create', '--network', 'none', '--name', 'idle-b', 'busybox', 'true']);
      await waitFor(
        async () => (await list('containers', 'q=web-a')).items.some((c) => c.state === 'running'),
        'web-a running in DB',
        30_000,
      );
      await waitFor(
        async () => (await list('containers', 'q=idle-b')).items.length === 1,
        'idle-b in DB',
        30_000,
      );
      const all = await list('containers', 'sort=host&pageSize=10');
      expect(all.items.map((c) => `${c.hostId}:${c.name}`).sort()).toEqual(
        [`${hostIds[0]}:web-a`, `${hostIds[1]}:idle-b`].sort(),
      );
      expect((await list('containers', 'state=running')).items.map((c) => c.name)).toEqual([
        'web-a',
      ]);
      await waitFor(
        () =>
          ui.events.some(
            (e) =>
              e.event === 'inventory.changed' &&
              (e.payload as { item: Item | null }).item?.name === 'web-a',
          ),
        'ui inventory.changed for web-a',
        10_000,
      );
      const detail = (await admin.request('GET', `/hosts/${hostIds[0]}`)).body as {
        counts: { containers: number; running: number; images: number };
      };
      expect(detail.counts).toMatchObject({ containers: 1, running: 1, images: 1 });
    } finally {
      ui.socket.disconnect();
    }
  });

  it('after a network cut the agent resumes from the acknowledged sequence: nothing missed or duplicated', async () => {
    const [a] = agents;
    const snapshotsBefore = server.logs().split('host snapshot applied').length;
    proxy.down();
    await waitFor(
      async () =>
        ((await admin.request('GET', `/hosts/${hostIds[0]}`)).body as { status: string }).status ===
        'offline',
      'host offline',
      20_000,
    );
    expect(dockerOn(a!, ['stop', '-t', '1', 'web-a']).code).toBe(0);
    expect(
      dockerOn(a!, ['create', '--network', 'none', '--name', 'later-a', 'busybox', 'true']).code,
    ).toBe(0);
    const gone = dockerOn(a!, ['create', '--network', 'none', 'busybox', 'true']).stdout;
    expect(dockerOn(a!, ['rm', gone]).code).toBe(0);
    proxy.up();
    await waitFor(
      async () =>
        JSON.stringify(await dbContainers(hostIds[0]!)) === JSON.stringify(engineContainers(a!)),
      'DB equals engine after resume',
      60_000,
    ).catch(async (error: unknown) => {
      throw new Error(
        `${String(error)}\nengine: ${engineContainers(a!).join(',')}\ndb: ${(await dbContainers(hostIds[0]!)).join(',')}\n${a!.logs()}`,
      );
    });
    // Resumed from the buffer, not healed by a new snapshot.
    expect(server.logs().split('host snapshot applied').length).toBe(snapshotsBefore);
    const rows = await server.sql('SELECT "syncSeq" FROM "Host" WHERE id = ?', [hostIds[0]]);
    expect(Number(rows[0]!['syncSeq'])).toBeGreaterThan(0);
    expect((await dbContainers(hostIds[0]!)).some((c) => c.startsWith(gone))).toBe(false);
  });

  it('relays Docker API operations to the host, with permissions checked first', async () => {
    const host = hostIds[0]!;
    const start = await admin.request('POST', `/hosts/${host}/docker/containers/web-a/start`);
    expect(start.status).toBe(204);
    const inspect = await admin.request('GET', `/hosts/${host}/docker/containers/web-a/json`);
    expect(inspect.status).toBe(200);
    expect(inspect.body.State.Running).toBe(true);
    const logs = await admin.request('GET', `/hosts/${host}/docker/containers/web-a/logs?stdout=1`);
    expect(logs.status).toBe(200);
    expect(String(logs.body)).toContain('hello-from-a');
    const refused = await admin.request('POST', `/hosts/${host}/docker/swarm/init`, {});
    expect(refused.status).toBe(403);
    const missing = await admin.request('GET', `/hosts/${host}/docker/containers/nope/json`);
    expect(missing.status).toBe(404);
    await waitFor(
      async () => (await list('containers', 'q=web-a')).items[0]?.state === 'running',
      'DB follows relayed start',
      30_000,
    );
  });

  it('streams followed logs through the relay', async () => {
    const host = hostIds[0]!;
    const { fetch, Agent } = await import('undici');
    const dispatcher = new Agent({ connect: { ca: server.caPem } });
    const controller = new AbortController();
    const res = await fetch(
      `${server.url}/api/v1/hosts/${host}/docker/containers/web-a/logs?stdout=1&follow=1`,
      {
        headers: { cookie: admin.cookieHeader() },
        dispatcher,
        signal: controller.signal,
      },
    );
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('hello-from-a')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += Buffer.from(value).toString('latin1');
    }
    controller.abort();
    await dispatcher.close();
    expect(text).toContain('hello-from-a');
  });

  it('an operation on an offline host fails fast with 503', async () => {
    proxy.down();
    try {
      await waitFor(
        async () =>
          ((await admin.request('GET', `/hosts/${hostIds[1]}`)).body as { status: string })
            .status === 'offline',
        'host offline',
        20_000,
      );
      const name = ((await admin.request('GET', `/hosts/${hostIds[1]}`)).body as { name: string })
        .name;
      const res = await admin.request('GET', `/hosts/${hostIds[1]}/docker/containers/json`);
      expect(res.status, `${JSON.stringify(res.body)}\n${server.logs().slice(-4000)}`).toBe(503);
      expect(res.body.message).toBe(`host ${name} is offline`);
    } finally {
      proxy.up();
    }
    for (const id of hostIds)
      await waitFor(
        async () =>
          ((await admin.request('GET', `/hosts/${id}`)).body as { status: string }).status ===
          'online',
        'host back online',
        60_000,
      );
  });

  it('labels and groups are set with PATCH', async () => {
    const res = await admin.request('PATCH', `/hosts/${hostIds[1]}`, {
      labels: { zone: 'b' },
      groups: ['edge', 'edge', 'web'],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ labels: { zone: 'b' }, groups: ['edge', 'web'] });
    expect(
      (await admin.request('PATCH', `/hosts/${hostIds[1]}`, { groups: ['Bad Name'] })).status,
    ).toBe(400);
  });

  it('removing a host tells its agent, which stops; browsers get host.removed; its state is gone', async () => {
    const [, b] = agents;
    const ui = await uiSocket(server, admin);
    try {
      removeAllContainers(b!);
      const res = await admin.request('DELETE', `/hosts/${hostIds[1]}`);
      expect(res.status).toBe(204);
      expect(await b!.exited).toBe(3);
      expect(b!.logs()).toContain('the server removed this host');
      await waitFor(
        () => ui.events.some((e) => e.event === 'host.removed'),
        'ui host.removed',
        10_000,
      );
      expect((await list('images', `host=${hostIds[1]}`)).total).toBe(0);
      expect((await admin.request('GET', `/hosts/${hostIds[1]}`)).status).toBe(404);
    } finally {
      ui.socket.disconnect();
    }
  });

  it('a revoked agent is disconnected at once and cannot reconnect', async () => {
    const [a] = agents;
    removeAllContainers(a!);
    const res = await admin.request('POST', `/hosts/${hostIds[0]}/revoke`);
    expect(res.status).toBe(200);
    expect(await a!.exited).toBe(3);
    const again = await startWharfAgent(server, {
      dataDir: a!.dataDir,
      token: null,
      serverUrl: proxy.url,
    });
    try {
      await waitFor(
        () => again.logs().includes('server refused the connection'),
        'reconnect refused',
        30_000,
      );
      expect(
        ((await admin.request('GET', `/hosts/${hostIds[0]}`)).body as { status: string }).status,
      ).toBe('offline');
    } finally {
      await again.stopProcess();
    }
  });
});
