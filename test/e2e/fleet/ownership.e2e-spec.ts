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
import { bind, createUser, loginAs } from '../server/identity-helpers';
import { dockerOn, engineReady, hostIdOf, removeAllContainers, uiSocket } from './fleet-helpers';

/**
 * Standard users (ownership-restricted grants) against a real agent and engine: what they create
 * is labelled as theirs, they act only on what they or their team own, and they see only that plus
 * what is public — through the relay and in the server's all-hosts lists.
 */
describe('resource ownership for standard users (real agent)', () => {
  let server: WharfServer;
  let admin: ApiClient;
  let agent: WharfAgent;
  let hostId: string;
  let tarDir: string;
  const users: Record<string, { id: string; client: ApiClient }> = {};
  let teamId: string;

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
  const labelsOf = (name: string) =>
    JSON.parse(
      dockerOn(agent, ['inspect', '--format', '{{json .Config.Labels}}', name]).stdout,
    ) as Record<string, string>;
  const stateOf = (name: string) =>
    dockerOn(agent, ['inspect', '--format', '{{.State.Status}}', name]).stdout;
  const inventoryNames = async (who: ApiClient, kind: string) =>
    (
      (await who.request('GET', `/${kind}?host=${hostId}&pageSize=500`)).body as {
        items: { name: string }[];
      }
    ).items
      .map((i) => i.name)
      .sort();

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('these tests run a real engine and need root');
    server = await startWharfServer();
    admin = await server.createAdmin();
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-own-'));
    agent = await startWharfAgent(server);
    hostId = await hostIdOf(admin, agent, new Set());
    await engineReady(agent);
    expect(dockerOn(agent, ['import', buildBusyboxRootfsTar(tarDir), 'busybox:latest']).code).toBe(
      0,
    );
    teamId = ((await admin.request('POST', '/teams', { name: 'owners' })).body as { id: string })
      .id;
    for (const name of ['ann', 'ben', 'cat']) {
      const user = await createUser(admin, name);
      await bind(admin, { roleId: 'standard-user', userId: user.id });
      users[name] = { id: user.id, client: await loginAs(server, name) };
    }
    for (const name of ['ben', 'cat'])
      await admin.request('PUT', `/teams/${teamId}/members/${users[name]!.id}`, {});
  });

  afterAll(async () => {
    if (agent !== undefined) {
      removeAllContainers(agent);
      dockerOn(agent, ['volume', 'rm', '-f', 'ann-data', 'admin-data']);
      await agent.stop();
    }
    await server?.stop();
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  it('labels what a standard user creates as theirs, whatever owner labels they send', async () => {
    const ann = users['ann']!;
    await create(ann.client, 'ann-box', { 'wharf.owner.user': users['ben']!.id });
    expect(labelsOf('ann-box')).toMatchObject({ 'wharf.owner.user': ann.id });
    const foreignTeam = await docker(ann.client, 'POST', '/containers/create?name=sneaky', {
      Image: 'busybox:latest',
      Labels: { 'wharf.owner.team': teamId },
    });
    expect(foreignTeam.status).toBe(403);
    expect(dockerOn(agent, ['inspect', 'sneaky']).code).not.toBe(0);
    // Acting right after creating works even before the create event reached the server's state.
    expect((await docker(ann.client, 'POST', '/containers/ann-box/start')).status).toBe(204);
    expect(stateOf('ann-box')).toBe('running');
  });

  it('acts only on own and team resources; others are refused and left as they were', async () => {
    const { client: ann } = users['ann']!;
    const { client: ben } = users['ben']!;
    const { client: cat } = users['cat']!;
    await create(admin, 'admin-box');
    await create(ben, 'team-box', { 'wharf.owner.team': teamId });
    expect((await docker(admin, 'POST', '/containers/admin-box/start')).status).toBe(204);

    const stop = await docker(ann, 'POST', '/containers/admin-box/stop?t=0');
    expect(stop.status).toBe(403);
    expect(Object.keys(stop.body as object).sort()).toEqual(['code', 'message', 'statusCode']);
    expect(stateOf('admin-box')).toBe('running');
    expect((await docker(ann, 'DELETE', '/containers/admin-box?force=1')).status).toBe(403);
    expect(dockerOn(agent, ['inspect', 'admin-box']).code).toBe(0);
    expect(
      (await docker(ann, 'POST', '/containers/admin-box/exec', { Cmd: ['true'] })).status,
    ).toBe(403);
    expect((await docker(ann, 'GET', '/containers/admin-box/logs?stdout=1')).status).toBe(403);
    expect((await docker(ann, 'POST', '/containers/team-box/start')).status).toBe(403);
    expect(stateOf('team-box')).toBe('created');

    // Cat did not create team-box but is in its team.
    expect((await docker(cat, 'POST', '/containers/team-box/start')).status).toBe(204);
    expect(stateOf('team-box')).toBe('running');
    const exec = await docker(cat, 'POST', '/containers/team-box/exec', { Cmd: ['true'] });
    expect(exec.status).toBe(201);
    expect(
      (
        await docker(cat, 'POST', `/exec/${(exec.body as { Id: string }).Id}/start`, {
          Detach: true,
        })
      ).status,
    ).toBeLessThan(300);
    const adminExec = await docker(admin, 'POST', '/containers/admin-box/exec', { Cmd: ['true'] });
    const foreignExec = await docker(
      cat,
      'POST',
      `/exec/${(adminExec.body as { Id: string }).Id}/start`,
      { Detach: true },
    );
    expect(foreignExec.status).toBe(403);
    expect((await docker(ann, 'POST', '/containers/ann-box/stop?t=0')).status).toBe(204);
  });

  it('sees own, team and public resources only: in relayed lists and in the server lists', async () => {
    await create(admin, 'public-box', { 'wharf.public': 'true' });
    const { client: ann } = users['ann']!;
    const { client: cat } = users['cat']!;
    const relayed = async (who: ApiClient) =>
      ((await docker(who, 'GET', '/containers/json?all=1')).body as { Names: string[] }[])
        .map((c) => c.Names[0]!.replace(/^\//, ''))
        .sort();
    expect(await relayed(ann)).toEqual(['ann-box', 'public-box']);
    expect(await relayed(cat)).toEqual(['public-box', 'team-box']);
    expect(await relayed(admin)).toEqual(['admin-box', 'ann-box', 'public-box', 'team-box']);
    await waitFor(
      async () => (await inventoryNames(admin, 'containers')).length === 4,
      'inventory synced',
      30_000,
    );
    expect(await inventoryNames(ann, 'containers')).toEqual(['ann-box', 'public-box']);
    expect(await inventoryNames(cat, 'containers')).toEqual(['public-box', 'team-box']);
    // Public means visible, not operable.
    expect((await docker(ann, 'GET', '/containers/public-box/json')).status).toBe(200);
    expect((await docker(ann, 'POST', '/containers/public-box/start')).status).toBe(403);
    expect((await docker(ann, 'GET', '/containers/admin-box/json')).status).toBe(403);
  });

  it('volumes follow the same rules: owner-labelled, hidden from others, removable only by the owner', async () => {
    const { client: ann } = users['ann']!;
    const { client: ben } = users['ben']!;
    expect((await docker(ann, 'POST', '/volumes/create', { Name: 'ann-data' })).status).toBe(201);
    expect((await docker(admin, 'POST', '/volumes/create', { Name: 'admin-data' })).status).toBe(
      201,
    );
    const annVolumes = (
      (await docker(ann, 'GET', '/volumes')).body as { Volumes: { Name: string }[] }
    ).Volumes.map((v) => v.Name);
    expect(annVolumes).toEqual(['ann-data']);
    expect((await docker(ben, 'DELETE', '/volumes/ann-data')).status).toBe(403);
    expect(dockerOn(agent, ['volume', 'inspect', 'ann-data']).code).toBe(0);
    await waitFor(
      async () => (await inventoryNames(admin, 'volumes')).includes('ann-data'),
      'volume synced',
      30_000,
    );
    expect(await inventoryNames(ben, 'volumes')).toEqual([]);
    expect(await inventoryNames(ann, 'volumes')).toEqual(['ann-data']);
    expect((await docker(ann, 'DELETE', '/volumes/ann-data')).status).toBe(204);
  });

  it('pushes a standard user the changes of own, team and public containers, removals included, and nothing else', async () => {
    const { client: ann } = users['ann']!;
    const { client: ben } = users['ben']!;
    const annUi = await uiSocket(server, ann);
    const changes = () =>
      annUi.events
        .filter((e) => e.event === 'inventory.changed')
        .map((e) => e.payload as { item: { name: string } | null; id: string });
    const created = (name: string) => changes().some((c) => c.item?.name === name);
    const removed = (id: string) => changes().some((c) => c.item === null && c.id === id);
    try {
      const own = await create(ann, 'ann-pushed');
      const shown = await create(ben, 'ben-public', { 'wharf.public': 'true' });
      await create(ben, 'ben-private');
      await waitFor(() => created('ann-pushed'), 'own create pushed', 30_000);
      await waitFor(() => created('ben-public'), 'public create pushed', 30_000);
      expect((await docker(ann, 'DELETE', `/containers/${own}`)).status).toBe(204);
      expect((await docker(ben, 'DELETE', `/containers/${shown}`)).status).toBe(204);
      await waitFor(() => removed(own), 'own removal pushed', 30_000);
      await waitFor(() => removed(shown), 'public removal pushed', 30_000);
      // By now ben-private's create has been processed too (same host, ordered events).
      expect(created('ben-private')).toBe(false);
    } finally {
      annUi.socket.close();
      await docker(ben, 'DELETE', '/containers/ben-private');
    }
  });

  it('console sessions are authorized like exec and audited from open to close', async () => {
    const { client: cat } = users['cat']!;
    const { client: ann } = users['ann']!;
    const ui = await uiSocket(server, cat);
    const annUi = await uiSocket(server, ann);
    try {
      const refused = (await annUi.socket
        .timeout(30_000)
        .emitWithAck('console.open', { hostId, containerId: 'team-box', cmd: ['sh'] })) as {
        ok: boolean;
        error?: string;
      };
      expect(refused).toEqual({ ok: false, error: 'this needs the container:console permission' });
      const opened = (await ui.socket.timeout(30_000).emitWithAck('console.open', {
        hostId,
        containerId: 'team-box',
        cmd: ['sh', '-c', 'exit 3'],
      })) as { ok: boolean; sessionId?: string; error?: string };
      expect(opened.ok, opened.error).toBe(true);
      await waitFor(
        () => ui.events.some((e) => e.event === 'console.closed'),
        'console closed',
        30_000,
      );
    } finally {
      ui.socket.close();
      annUi.socket.close();
    }
    const page = (await admin.request('GET', `/audit?hostId=${hostId}&action=console.`)).body as {
      items: {
        action: string;
        actorName: string;
        targetId: string;
        result: string;
        details: Record<string, unknown>;
      }[];
    };
    expect(page.items.map((i) => [i.action, i.actorName, i.targetId, i.result])).toEqual([
      ['console.close', 'cat', 'team-box', 'success'],
      ['console.open', 'cat', 'team-box', 'success'],
    ]);
    expect(page.items[0]!.details).toMatchObject({ exitCode: 3 });
    const denied = (await admin.request('GET', `/audit?hostId=${hostId}&actor=ann&result=denied`))
      .body as { items: { action: string; targetId: string }[] };
    expect(denied.items).toContainEqual(
      expect.objectContaining({ action: 'container.exec', targetId: 'team-box' }),
    );
  });
});
