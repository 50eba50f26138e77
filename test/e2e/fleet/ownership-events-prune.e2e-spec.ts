import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import {
  type ApiClient,
  startWharfAgent,
  startWharfServer,
  type WharfAgent,
  type WharfServer,
} from '../../support/wharf-system';
import { bind, createUser, loginAs } from '../server/identity-helpers';
import { dockerOn, engineReady, hostIdOf, removeAllContainers } from './fleet-helpers';

interface StreamedEvent {
  Type: string;
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
}

/**
 * `/events` and prunes through the relay for ownership-restricted callers, against a real agent and
 * engine: the stream carries only events about what they may see, and a prune removes only what
 * carries their owner label. Ann and Ben are standard users in different teams; Ann also holds
 * system:prune from a custom role that applies only to what she owns (standard users have no
 * system:prune at all).
 */
describe('events and prunes for ownership-restricted users (real agent)', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let agent: WharfAgent;
  let hostId: string;
  let tarDir: string;
  let ann: ApiClient;
  let ben: ApiClient;

  const docker = (who: ApiClient, method: string, path: string, body?: unknown) =>
    who.request(method, `/hosts/${hostId}/docker${path}`, body);
  const create = async (who: ApiClient, name: string, labels: Record<string, string> = {}) => {
    const res = await docker(who, 'POST', `/containers/create?name=${name}`, {
      Image: 'busybox:latest',
      Cmd: ['sleep', '1000'],
      Labels: labels,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return (res.body as { Id: string }).Id;
  };
  const created = async (who: ApiClient, kind: 'volume' | 'network', name: string) => {
    const res = await docker(who, 'POST', `/${kind}s/create`, { Name: name });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  };
  const now = () => (Date.now() / 1000).toFixed(3);
  /** The events between two instants: `until` is past, so the engine replays them and ends. */
  const eventsSeenBy = async (who: ApiClient, since: string): Promise<StreamedEvent[]> => {
    const res = await docker(who, 'GET', `/events?since=${since}&until=${now()}`);
    expect(res.status).toBe(200);
    const text = typeof res.body === 'string' ? res.body : `${JSON.stringify(res.body)}\n`;
    return text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as StreamedEvent);
  };
  const names = (events: StreamedEvent[], type: string, action: string) =>
    events
      .filter((e) => e.Type === type && e.Action === action)
      .map((e) => e.Actor.Attributes['name'] ?? e.Actor.ID)
      .sort();
  const exists = (...args: string[]) => dockerOn(agent, args).code === 0;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('these tests run a real engine and need root');
    server = await startWharfServer();
    admin = await server.createAdmin();
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-own-ev-'));
    agent = await startWharfAgent(server);
    hostId = await hostIdOf(admin, agent, new Set());
    await engineReady(agent);
    expect(dockerOn(agent, ['import', buildBusyboxRootfsTar(tarDir), 'busybox:latest']).code).toBe(
      0,
    );
    const pruner = await admin.request('POST', '/roles', {
      name: 'Own pruner',
      permissions: ['system:prune'],
      ownership: 'own',
    });
    expect(pruner.status, JSON.stringify(pruner.body)).toBe(201);
    for (const [name, team] of [
      ['ann', 'red'],
      ['ben', 'blue'],
    ] as const) {
      const user = await createUser(admin, name);
      await bind(admin, { roleId: 'standard-user', userId: user.id });
      const teamId = (
        (await admin.request('POST', '/teams', { name: team })).body as { id: string }
      ).id;
      await admin.request('PUT', `/teams/${teamId}/members/${user.id}`, {});
      if (name === 'ann')
        await bind(admin, { roleId: (pruner.body as { id: string }).id, userId: user.id });
    }
    ann = await loginAs(server, 'ann');
    ben = await loginAs(server, 'ben');
  });

  afterAll(async () => {
    if (agent !== undefined) {
      removeAllContainers(agent);
      const volumes = [
        'ann-vol',
        'ben-vol',
        'ev-ann-vol',
        'ev-ben-vol',
        'ann-df-vol',
        'ben-df-vol',
      ];
      dockerOn(agent, ['volume', 'rm', '-f', ...volumes]);
      dockerOn(agent, ['network', 'rm', 'ann-net', 'ben-net', 'ev-ann-net', 'ev-ben-net']);
      await agent.stop();
    }
    await server?.stop();
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  it("streams a standard user the events of what they own and of images, never another user's", async () => {
    const since = now();
    await create(ann, 'ev-ann');
    await create(ben, 'ev-ben');
    await create(admin, 'ev-public', { 'wharf.public': 'true' });
    expect((await docker(ann, 'POST', '/containers/ev-ann/start')).status).toBe(204);
    expect((await docker(ben, 'POST', '/containers/ev-ben/start')).status).toBe(204);
    await created(ann, 'volume', 'ev-ann-vol');
    await created(ben, 'volume', 'ev-ben-vol');
    await created(ann, 'network', 'ev-ann-net');
    await created(ben, 'network', 'ev-ben-net');
    const tagged = await docker(ann, 'POST', '/images/busybox:latest/tag?repo=ann-tag&tag=v1');
    expect(tagged.status).toBe(201);

    const all = await eventsSeenBy(admin, since);
    expect(names(all, 'container', 'start')).toEqual(['ev-ann', 'ev-ben']);
    expect(names(all, 'volume', 'create')).toEqual(['ev-ann-vol', 'ev-ben-vol']);
    expect(names(all, 'network', 'create')).toEqual(['ev-ann-net', 'ev-ben-net']);

    const annSees = await eventsSeenBy(ann, since);
    expect(names(annSees, 'container', 'create')).toEqual(['ev-ann', 'ev-public']);
    expect(names(annSees, 'container', 'start')).toEqual(['ev-ann']);
    expect(names(annSees, 'volume', 'create')).toEqual(['ev-ann-vol']);
    expect(names(annSees, 'network', 'create')).toEqual(['ev-ann-net']);
    expect(names(annSees, 'image', 'tag')).toEqual(['ann-tag:v1']);
    // Starting ev-ann connected it to the default bridge, which nobody owns: not shown.
    expect(annSees.filter((e) => e.Type === 'network' && e.Action === 'connect')).toEqual([]);
    expect(JSON.stringify(annSees)).not.toContain('ev-ben');

    const benSees = await eventsSeenBy(ben, since);
    expect(names(benSees, 'container', 'start')).toEqual(['ev-ben']);
    expect(JSON.stringify(benSees)).not.toContain('ev-ann');
  });

  it("filters the live stream too: events arrive in order, so one of the other user's would come first", async () => {
    await create(ann, 'live-ann');
    await create(ben, 'live-ben');
    const { fetch, Agent } = await import('undici');
    const dispatcher = new Agent({ connect: { ca: server.caPem } });
    const controller = new AbortController();
    try {
      const res = await fetch(`${server.url}/api/v1/hosts/${hostId}/docker/events`, {
        headers: { cookie: ann.cookieHeader() },
        dispatcher,
        signal: controller.signal,
      });
      expect(res.status).toBe(200);
      // The engine subscribed the stream before it answered, so both starts below are on it.
      expect((await docker(ben, 'POST', '/containers/live-ben/start')).status).toBe(204);
      expect((await docker(ann, 'POST', '/containers/live-ann/start')).status).toBe(204);
      const reader = res.body!.getReader();
      let text = '';
      while (!text.includes('"live-ann"') || !text.endsWith('\n')) {
        const { value, done } = await reader.read();
        if (done) break;
        text += Buffer.from(value).toString('utf8');
      }
      const events = text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as StreamedEvent);
      expect(names(events, 'container', 'start')).toEqual(['live-ann']);
      expect(text).not.toContain('live-ben');
    } finally {
      controller.abort();
      await dispatcher.close();
    }
  });

  it("prunes only the caller's own stopped containers, volumes and networks", async () => {
    const annBox = await create(ann, 'ann-stopped');
    const benBox = await create(ben, 'ben-stopped');
    await create(admin, 'admin-stopped');
    await created(ann, 'volume', 'ann-vol');
    await created(ben, 'volume', 'ben-vol');
    await created(ann, 'network', 'ann-net');
    await created(ben, 'network', 'ben-net');

    const pruned = await docker(ann, 'POST', '/containers/prune');
    expect(pruned.status, JSON.stringify(pruned.body)).toBe(200);
    expect((pruned.body as { ContainersDeleted: string[] }).ContainersDeleted).toEqual([annBox]);
    expect(exists('inspect', 'ann-stopped')).toBe(false);
    expect(exists('inspect', benBox)).toBe(true);
    expect(exists('inspect', 'admin-stopped')).toBe(true);

    // The caller's own filters still apply, and cannot widen the prune to someone else's.
    const all = encodeURIComponent(JSON.stringify({ all: ['true'] }));
    const volumes = await docker(ann, 'POST', `/volumes/prune?filters=${all}`);
    const volumesDeleted = (volumes.body as { VolumesDeleted: string[] }).VolumesDeleted;
    expect(volumesDeleted).toContain('ann-vol');
    expect(volumesDeleted.filter((v) => v.includes('ben'))).toEqual([]);
    expect(exists('volume', 'inspect', 'ben-vol')).toBe(true);
    const bens = encodeURIComponent(JSON.stringify({ label: ['wharf.owner.user'] }));
    const networks = await docker(ann, 'POST', `/networks/prune?filters=${bens}`);
    const networksDeleted = (networks.body as { NetworksDeleted: string[] }).NetworksDeleted;
    expect(networksDeleted).toContain('ann-net');
    expect(networksDeleted.filter((n) => n.includes('ben'))).toEqual([]);
    expect(exists('network', 'inspect', 'ben-net')).toBe(true);
  });

  it("shows a standard user's disk usage with their own containers and volumes only", async () => {
    await create(ann, 'ann-df');
    await create(ben, 'ben-df');
    await created(ann, 'volume', 'ann-df-vol');
    await created(ben, 'volume', 'ben-df-vol');
    type Usage = {
      Containers: { Names: string[] }[];
      Volumes: { Name: string }[];
      Images: unknown[];
    };
    const usageOf = async (client: ApiClient) => {
      const res = await docker(client, 'GET', '/system/df');
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      const usage = res.body as Usage;
      return {
        containers: usage.Containers.flatMap((c) => c.Names)
          .filter((n) => n.endsWith('-df'))
          .sort(),
        volumes: usage.Volumes.map((v) => v.Name)
          .filter((n) => n.endsWith('-df-vol'))
          .sort(),
        images: usage.Images.length,
      };
    };
    // The admin's answer has both users' objects: what Ann's lacks was there to leak.
    expect(await usageOf(admin)).toMatchObject({
      containers: ['/ann-df', '/ben-df'],
      volumes: ['ann-df-vol', 'ben-df-vol'],
    });
    const annSees = await usageOf(ann);
    expect(annSees).toMatchObject({ containers: ['/ann-df'], volumes: ['ann-df-vol'] });
    expect(annSees.images).toBeGreaterThan(0);
  });

  it('refuses prunes with a message that says why: no system:prune, or images, which nobody owns', async () => {
    await create(ben, 'ben-idle');
    const noGrant = await docker(ben, 'POST', '/containers/prune');
    expect(noGrant.status).toBe(403);
    expect(noGrant.body).toMatchObject({ message: 'this needs the system:prune permission' });
    expect(exists('inspect', 'ben-idle')).toBe(true);

    const images = await docker(ann, 'POST', '/images/prune');
    expect(images.status).toBe(403);
    expect(images.body).toMatchObject({
      code: 'IMAGE_PRUNE_NOT_OWNED',
      message:
        'images have no owner: pruning them needs system:prune from a role that applies to every resource',
    });
    const refusals = (await admin.request('GET', `/audit?hostId=${hostId}&actor=ann&result=denied`))
      .body as { items: { action: string }[] };
    expect(refusals.items.map((i) => i.action)).toContain('image.prune');
  });
});
