import 'reflect-metadata';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FEATURE_MODULES } from '../../../apps/server/src/app.module';
import { controllersOf, routesOf } from '../../../apps/server/src/modules/openapi/route-catalog';
import { type ApiClient, startWharfServer, type WharfServer } from '../../support/wharf-system';
import { uiSocket } from '../fleet/fleet-helpers';
import { bind, createUser, joinHost, loginAs } from './identity-helpers';
import { IDENTITY_CASES, type MatrixCase } from './rbac-cases';
import { buildFixture, type Fixture, type RoleId, ROLES, snapshot } from './rbac-fixture';
import { FLEET_CASES } from './rbac-fleet-cases';
import { REGISTRY_CASES } from './rbac-registry-cases';

async function newestAuditSeq(admin: ApiClient): Promise<number> {
  const page = (await admin.request('GET', '/audit?limit=1')).body as { items: { seq: number }[] };
  return page.items[0]?.seq ?? 0;
}

const CASES: MatrixCase[] = [...IDENTITY_CASES, ...FLEET_CASES, ...REGISTRY_CASES];
const SAFE = new Set(['GET', 'HEAD']);

/** Every REST route of the server, read from Nest's controller metadata (not from a list kept by hand). */
const ROUTES = routesOf(controllersOf({ imports: FEATURE_MODULES }));

type DatabaseKind = WharfServer['database'];

/**
 * A relayed call to the offline host waits ~2 s for a replica to claim it; those cases get a server
 * of their own so that waiting overlaps the rest of the matrix.
 */
const isRelayed = (c: MatrixCase) => c.route === 'ALL /hosts/:id/docker/*path';
const PARTS = [
  {
    name: 'every REST endpoint × every built-in role',
    cases: CASES.filter((c) => !isRelayed(c)),
    anonymous: true,
  },
  {
    name: 'every relayed engine call × every built-in role',
    cases: CASES.filter(isRelayed),
    anonymous: false,
  },
];

it('the matrix has an expectation for every route the server registers, and none for routes it lacks', () => {
  const registered = ROUTES.map((r) => `${r.method} ${r.path}`);
  const expected = new Set(CASES.map((c) => c.route));
  expect(registered.length).toBeGreaterThan(50);
  expect(registered.filter((r) => !expected.has(r))).toEqual([]);
  expect([...expected].filter((r) => !registered.includes(r))).toEqual([]);
});

/** Makes the case's request as `role` and checks the answer, the audit log and (refused) the tables. */
async function checkCase(f: Fixture, c: MatrixCase, role: RoleId): Promise<void> {
  const allowed = c.allowed.includes(role);
  const actor = f.actors.get(role)!;
  const req = await c.request(f, actor);
  const client = req.as ?? actor.client;
  const mutating = !SAFE.has(req.method);
  const before = !allowed && mutating ? await snapshot(f) : '';
  const auditBefore = await newestAuditSeq(f.admin);
  const res = await client.request(req.method, req.path, req.body);
  if (allowed) {
    expect(res.status, JSON.stringify(res.body)).toBe(c.ok);
    // Every mutating action that went through (or reached an offline host) is audited.
    if (mutating && (c.ok < 300 || c.ok === 503))
      expect(await newestAuditSeq(f.admin)).toBeGreaterThan(auditBefore);
    return;
  }
  expect(res.status, JSON.stringify(res.body)).toBe(c.denied ?? 403);
  // A refusal says what was refused and nothing about the resource.
  expect(Object.keys(res.body as object).sort()).toEqual(['code', 'message', 'statusCode']);
  if (mutating) expect(await snapshot(f)).toBe(before);
}

async function checkAnonymous(f: Fixture): Promise<void> {
  const anonymous = f.server.api();
  const before = await snapshot(f);
  for (const route of ROUTES.filter((r) => r.access?.kind !== 'public')) {
    const path = route.path.replace(':id', f.hostId).replace(/[:*][A-Za-z]+/g, 'x');
    const method = route.method === 'ALL' ? 'POST' : route.method;
    const res = await anonymous.request(method, path, SAFE.has(method) ? undefined : {});
    expect(res.status, `${route.method} ${route.path}`).toBe(401);
  }
  expect(await snapshot(f)).toBe(before);
}

function describeMatrix(database: DatabaseKind, part: (typeof PARTS)[number]): void {
  describe.concurrent(`RBAC matrix: ${part.name}`, () => {
    let server: WharfServer;
    let admin: ApiClient;
    let f: Fixture;

    beforeAll(async () => {
      server = await startWharfServer({ database });
      admin = await server.createAdmin();
      f = await buildFixture(server, admin);
    });
    afterAll(async () => {
      if (admin !== undefined)
        for (const job of (await admin.request('GET', '/jobs')).body as { id: string }[])
          await admin.request('POST', `/jobs/${job.id}/cancel`);
      await server?.stop();
    });

    if (part.anonymous)
      it.sequential(
        'answers 401 to every non-public route without a session, changing nothing',
        () => checkAnonymous(f),
      );

    describe.sequential.each(
      part.cases.map((c) => ({ ...c, label: `${c.route}${c.name ? ` (${c.name})` : ''}` })),
    )('$label', (c) => {
      it.each(ROLES.map((role) => ({ role, allowed: c.allowed.includes(role) })))(
        '$role: allowed=$allowed',
        ({ role }) => checkCase(f, c, role),
      );
    });
  });
}

function describeUiSocket(database: DatabaseKind): void {
  describe.concurrent('RBAC on the /ui socket', () => {
    let server: WharfServer;
    let admin: ApiClient;
    let f: Fixture;

    beforeAll(async () => {
      server = await startWharfServer({ database });
      admin = await server.createAdmin();
      f = await buildFixture(server, admin);
    });
    afterAll(async () => {
      await admin?.request('POST', `/jobs/${f?.jobId}/cancel`);
      await server?.stop();
    });

    it.sequential.each(ROLES)(
      '%s: host.subscribe and console.open are authorized per role',
      async (role) => {
        const { socket } = await uiSocket(server, f.actors.get(role)!.client);
        try {
          const sub = (await socket.timeout(10_000).emitWithAck('host.subscribe', f.hostId)) as {
            ok: boolean;
          };
          expect(sub.ok).toBe(true);
          const open = (await socket
            .timeout(10_000)
            .emitWithAck('console.open', { hostId: f.hostId, containerId: 'c1' })) as {
            ok: boolean;
            error?: string;
          };
          expect(open.ok).toBe(false);
          const consoleRoles = ['administrator', 'host-administrator', 'operator', 'helpdesk'];
          // Authorized callers get as far as the (offline) host; the others are refused before it.
          expect(open.error).toMatch(
            consoleRoles.includes(role) ? /is offline/ : /needs the container:console permission/,
          );
        } finally {
          socket.close();
        }
      },
    );

    it.sequential(
      'a user bound to one host cannot subscribe to another, and only sees changes of hosts they may read',
      // The test's own expect: expect.poll tracks its test, and other suites' tests run meanwhile.
      async ({ expect }) => {
        const other = await joinHost(admin, server, 'socket-other');
        const user = await createUser(admin, 'socket-scoped');
        await bind(admin, { roleId: 'read-only', userId: user.id, scope: `host:${other}` });
        const scoped = await uiSocket(server, await loginAs(server, 'socket-scoped'));
        const global = await uiSocket(server, f.actors.get('read-only')!.client);
        try {
          const sub = (await scoped.socket
            .timeout(10_000)
            .emitWithAck('host.subscribe', f.hostId)) as {
            ok: boolean;
          };
          expect(sub.ok).toBe(false);
          await admin.request('PATCH', `/hosts/${f.hostId}`, { labels: { step: 'one' } });
          await admin.request('PATCH', `/hosts/${other}`, { labels: { step: 'two' } });
          const seen = (events: { event: string; payload: unknown }[]) =>
            events
              .filter((e) => e.event === 'host.updated')
              .map((e) => (e.payload as { id: string }).id);
          // The last update reaches both sockets; events are ordered, so by then the first one has too.
          await expect
            .poll(() => seen(global.events).includes(other), { timeout: 15_000 })
            .toBe(true);
          await expect
            .poll(() => seen(scoped.events).includes(other), { timeout: 15_000 })
            .toBe(true);
          expect(seen(global.events)).toContain(f.hostId);
          expect(seen(scoped.events)).not.toContain(f.hostId);
        } finally {
          scoped.socket.close();
          global.socket.close();
        }
      },
    );
  });
}

/**
 * Every suite has its own server and database, so they all run side by side (describe.concurrent);
 * inside a suite the tests run one at a time (sequential), as each compares the tables before and
 * after its own call.
 */
describe.concurrent.each(['sqlite', 'postgresql'] as const)('on %s', (database) => {
  for (const part of PARTS) describeMatrix(database, part);
  describeUiSocket(database);
});
