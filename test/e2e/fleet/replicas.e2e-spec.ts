import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { Client } from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { waitFor } from '../../support/services';
import {
  type ApiClient,
  startWharfAgent,
  startWharfServer,
  TEST_ADMIN_PASSWORD,
  type WharfAgent,
  type WharfServer,
} from '../../support/wharf-system';
import { dockerOn, engineReady, hostIdOf, removeAllContainers, uiSocket } from './fleet-helpers';

async function adminQuery(sql: string): Promise<void> {
  const client = new Client({ connectionString: inject('postgresUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

describe('fleet: two server replicas on PostgreSQL + Redis', () => {
  const dbName = `wharf_replicas_${randomBytes(4).toString('hex')}`;
  let dataDir: string;
  let tarDir: string;
  let a: WharfServer;
  let b: WharfServer;
  let agent: WharfAgent;
  let viaB: ApiClient;

  beforeAll(async () => {
    if (process.getuid?.() !== 0) throw new Error('these tests run a real engine and need root');
    await adminQuery(`CREATE DATABASE ${dbName}`);
    const url = new URL(inject('postgresUrl'));
    url.pathname = `/${dbName}`;
    // One data dir: the replicas share the CA (as replicas behind one address must) and the database.
    dataDir = mkdtempSync(join(tmpdir(), 'wharf-replicas-'));
    const env = { DATABASE_URL: url.toString() };
    a = await startWharfServer({ database: 'postgresql', dataDir, env });
    b = await startWharfServer({ database: 'postgresql', dataDir, env });
    await a.createAdmin();
    viaB = b.api();
    const login = await viaB.request('POST', '/auth/login', {
      username: 'admin',
      password: TEST_ADMIN_PASSWORD,
    });
    expect(login.status).toBe(200);
    tarDir = mkdtempSync(join(tmpdir(), 'wharf-replicas-tar-'));
    agent = await startWharfAgent(a);
  });

  afterAll(async () => {
    if (agent !== undefined) {
      removeAllContainers(agent);
      await agent.stop();
    }
    await a?.stop();
    await b?.stop();
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    rmSync(dataDir, { recursive: true, force: true });
    if (tarDir !== undefined) rmSync(tarDir, { recursive: true, force: true });
  });

  it('a client on replica B operates a host linked to replica A and receives its live events', async () => {
    const hostId = await hostIdOf(viaB, agent, new Set());
    await engineReady(agent);
    expect(dockerOn(agent, ['import', buildBusyboxRootfsTar(tarDir), 'busybox:latest']).code).toBe(
      0,
    );
    const ui = await uiSocket(b, viaB);
    try {
      const created = await viaB.request(
        'POST',
        `/hosts/${hostId}/docker/containers/create?name=from-b`,
        {
          Image: 'busybox',
          Cmd: ['sleep', '600'],
          HostConfig: { NetworkMode: 'none' },
        },
      );
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect(
        (await viaB.request('POST', `/hosts/${hostId}/docker/containers/from-b/start`)).status,
      ).toBe(204);
      expect(dockerOn(agent, ['inspect', '-f', '{{.State.Running}}', 'from-b']).stdout).toBe(
        'true',
      );
      await waitFor(
        () =>
          ui.events.some(
            (e) =>
              e.event === 'inventory.changed' &&
              (e.payload as { item: { name: string; state: string } | null }).item?.name ===
                'from-b' &&
              (e.payload as { item: { state: string } }).item.state === 'running',
          ),
        'replica B browser sees the event from replica A',
        30_000,
      );
      const listed = (await viaB.request('GET', '/containers?q=from-b')).body as {
        items: { state: string }[];
      };
      expect(listed.items.map((i) => i.state)).toEqual(['running']);
      expect(b.logs()).not.toContain(`"hostId":"${hostId}","msg":"agent online"`);
    } finally {
      ui.socket.disconnect();
    }
  });
});
