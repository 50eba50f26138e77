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

interface JobView {
  id: string;
  state: string;
  hosts: { hostId: string; state: string; attempts: number; message: string | null }[];
}

describe('fleet: multi-host jobs on BullMQ with real agents', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let proxy: LinkProxy;
  const agents: WharfAgent[] = [];
  const hostIds: string[] = [];
  let dataDir: string;
  let tarDir: string;

  const job = async (id: string) => (await admin.request('GET', `/jobs/${id}`)).body as JobView;
  const waitJob = (id: string, state: string, timeoutMs = 60_000) =>
    waitFor(async () => (await job(id)).state === state, `job ${id} ${state}`, timeoutMs).catch(
      async (error: unknown) => {
        throw new Error(`${String(error)}: ${JSON.stringify(await job(id))}`);
      },
    );
  const online = (id: string) =>
    waitFor(
      async () =>
        ((await admin.request('GET', `/hosts/${id}`)).body as { status: string }).status ===
        'online',
      'host online',
      60_000,
    );

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('these tests run real engines and need root');
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-jobs-server-'));
    server = await startWharfServer({ dataDir });
    admin = await server.createAdmin();
    proxy = await startLinkProxy(server.port);
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-jobs-'));
    const tar = buildBusyboxRootfsTar(tarDir);
    const known = new Set<string>();
    for (let i = 0; i < 2; i++) {
      const agent = await startWharfAgent(server, { serverUrl: proxy.url });
      agents.push(agent);
      hostIds.push(await hostIdOf(admin, agent, known));
      await engineReady(agent);
      expect(dockerOn(agent, ['import', tar, 'busybox:latest']).code).toBe(0);
      await admin.request('PATCH', `/hosts/${hostIds[i]}`, { groups: ['web'] });
    }
  });

  afterAll(async () => {
    for (const agent of agents) {
      removeAllContainers(agent);
      await agent.stop();
    }
    await proxy?.close();
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  it('runs the same container on a host group, with a result per host pushed to /ui', async () => {
    const ui = await uiSocket(server, admin);
    try {
      const created = await admin.request('POST', '/jobs', {
        kind: 'container.run',
        group: 'web',
        name: 'group-run',
        config: { Image: 'busybox', Cmd: ['sleep', '600'], HostConfig: { NetworkMode: 'none' } },
      });
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      await waitJob((created.body as JobView).id, 'completed');
      const done = await job((created.body as JobView).id);
      expect(done.hosts.map((h) => h.hostId).sort()).toEqual([...hostIds].sort());
      expect(
        done.hosts.every((h) => h.state === 'succeeded' && h.message === 'running group-run'),
      ).toBe(true);
      for (const agent of agents)
        expect(dockerOn(agent, ['inspect', '-f', '{{.State.Running}}', 'group-run']).stdout).toBe(
          'true',
        );
      expect(
        ui.events.some(
          (e) =>
            e.event === 'job.updated' && (e.payload as JobView).id === (created.body as JobView).id,
        ),
      ).toBe(true);
      expect(
        ((await admin.request('GET', '/jobs')).body as JobView[]).some(
          (j) => j.id === (created.body as JobView).id,
        ),
      ).toBe(true);
    } finally {
      ui.socket.disconnect();
    }
  });

  it('retries an offline host with backoff and can be cancelled', async () => {
    proxy.down();
    try {
      await waitFor(
        async () =>
          ((await admin.request('GET', `/hosts/${hostIds[0]}`)).body as { status: string })
            .status === 'offline',
        'offline',
        20_000,
      );
      const created = await admin.request('POST', '/jobs', {
        kind: 'system.prune',
        hostIds: [hostIds[0]],
        targets: ['containers'],
      });
      expect(created.status).toBe(201);
      await waitFor(
        async () => (await job((created.body as JobView).id)).hosts[0]!.attempts >= 2,
        'retried',
        30_000,
      );
      expect((await job((created.body as JobView).id)).hosts[0]!.message).toMatch(/is offline/);
      expect(
        (await admin.request('POST', `/jobs/${(created.body as JobView).id}/cancel`)).status,
      ).toBe(200);
      await waitJob((created.body as JobView).id, 'cancelled');
      await waitFor(
        async () => (await job((created.body as JobView).id)).hosts[0]!.state === 'cancelled',
        'host result cancelled',
        30_000,
      );
    } finally {
      proxy.up();
    }
    await online(hostIds[0]!);
  });

  it('a job survives a server restart and completes afterwards', async () => {
    proxy.down();
    await waitFor(
      async () =>
        ((await admin.request('GET', `/hosts/${hostIds[1]}`)).body as { status: string }).status ===
        'offline',
      'offline',
      20_000,
    );
    const created = await admin.request('POST', '/jobs', {
      kind: 'container.run',
      hostIds: [hostIds[1]],
      name: 'after-restart',
      config: { Image: 'busybox', Cmd: ['sleep', '600'], HostConfig: { NetworkMode: 'none' } },
    });
    expect(created.status).toBe(201);
    await waitFor(
      async () => (await job((created.body as JobView).id)).hosts[0]!.attempts >= 1,
      'first attempt',
      30_000,
    );
    await server.stopProcess();
    server = await startWharfServer({ dataDir });
    admin = server.api();
    const login = await admin.request('POST', '/auth/login', {
      username: 'admin',
      password: 'correct horse battery staple',
    });
    expect(login.status, JSON.stringify(login.body)).toBe(200);
    proxy.retarget(server.port);
    proxy.up();
    await waitJob((created.body as JobView).id, 'completed', 90_000);
    expect((await job((created.body as JobView).id)).hosts[0]).toMatchObject({
      state: 'succeeded',
      message: 'running after-restart',
    });
    expect(
      dockerOn(agents[1]!, ['inspect', '-f', '{{.State.Running}}', 'after-restart']).stdout,
    ).toBe('true');
  });
});
