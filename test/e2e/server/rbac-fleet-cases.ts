import { joinHost } from './identity-helpers';
import { type Fixture, type RoleId, ROLES } from './rbac-fixture';
import { type MatrixCase } from './rbac-cases';

const ALL = ROLES;
const HOST_ADMINS: readonly RoleId[] = ['administrator', 'host-administrator'];
const OPERATORS: readonly RoleId[] = [...HOST_ADMINS, 'operator'];
const CONSOLE: readonly RoleId[] = [...OPERATORS, 'helpdesk'];
const CREATORS: readonly RoleId[] = [...HOST_ADMINS, 'standard-user'];

const id = (res: { body: unknown }): string => (res.body as { id: string }).id;
const freshHost = (f: Fixture) => joinHost(f.admin, f.server, f.unique('h'));

const hosts: MatrixCase[] = [
  {
    route: 'GET /hosts',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/hosts' }),
  },
  {
    route: 'POST /hosts/join-tokens',
    allowed: HOST_ADMINS,
    ok: 201,
    request: () => ({ method: 'POST', path: '/hosts/join-tokens', body: {} }),
  },
  {
    route: 'DELETE /hosts/join-tokens/:id',
    allowed: HOST_ADMINS,
    ok: 204,
    request: async (f) => ({
      method: 'DELETE',
      path: `/hosts/join-tokens/${id(await f.admin.request('POST', '/hosts/join-tokens', {}))}`,
    }),
  },
  {
    route: 'GET /hosts/:id',
    allowed: ALL,
    ok: 200,
    request: (f) => ({ method: 'GET', path: `/hosts/${f.hostId}` }),
  },
  {
    route: 'PATCH /hosts/:id',
    allowed: HOST_ADMINS,
    ok: 200,
    request: (f, a) => ({
      method: 'PATCH',
      path: `/hosts/${f.hostId}`,
      body: { labels: { by: a.role } },
    }),
  },
  {
    route: 'DELETE /hosts/:id',
    allowed: HOST_ADMINS,
    ok: 204,
    request: async (f) => ({ method: 'DELETE', path: `/hosts/${await freshHost(f)}` }),
  },
  {
    route: 'POST /hosts/:id/rotate',
    name: 'allowed roles reach the agent check: the matrix host has no agent, so 503',
    allowed: HOST_ADMINS,
    ok: 503,
    request: async (f) => ({ method: 'POST', path: `/hosts/${await freshHost(f)}/rotate` }),
  },
  {
    route: 'POST /hosts/:id/revoke',
    allowed: HOST_ADMINS,
    ok: 200,
    request: async (f) => ({ method: 'POST', path: `/hosts/${await freshHost(f)}/revoke` }),
  },
  {
    route: 'POST /agents/join',
    name: 'public: an invalid join request gets the same 400 whoever asks',
    allowed: ALL,
    ok: 400,
    request: () => ({
      method: 'POST',
      path: '/agents/join',
      body: { token: 'WHARF-1-x-y', csrPem: 'x', facts: {} },
    }),
  },
  {
    route: 'GET /containers',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/containers' }),
  },
  {
    route: 'GET /images',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/images' }),
  },
  {
    route: 'GET /volumes',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/volumes' }),
  },
  {
    route: 'GET /networks',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/networks' }),
  },
];

const jobs: MatrixCase[] = [
  {
    route: 'POST /jobs',
    allowed: HOST_ADMINS,
    ok: 201,
    request: (f) => ({
      method: 'POST',
      path: '/jobs',
      body: { kind: 'image.pull', hostIds: [f.hostId], image: 'busybox' },
    }),
  },
  { route: 'GET /jobs', allowed: ALL, ok: 200, request: () => ({ method: 'GET', path: '/jobs' }) },
  {
    route: 'GET /jobs/:id',
    allowed: ALL,
    ok: 200,
    request: (f) => ({ method: 'GET', path: `/jobs/${f.jobId}` }),
  },
  {
    route: 'POST /jobs/:id/cancel',
    allowed: HOST_ADMINS,
    ok: 200,
    request: async (f) => {
      const job = await f.admin.request('POST', '/jobs', {
        kind: 'image.pull',
        hostIds: [f.hostId],
        image: 'busybox',
      });
      return { method: 'POST', path: `/jobs/${id(job)}/cancel` };
    },
  },
];

/**
 * The Docker relay is one Nest route; each case is one kind of engine call. The host is offline, so
 * a call that passes authorization fails fast with 503: allowed = 503, refused = 403 (before relay).
 */
const relay = (
  name: string,
  method: string,
  path: string,
  allowed: readonly RoleId[],
  body?: unknown,
): MatrixCase => ({
  route: 'ALL /hosts/:id/docker/*path',
  name,
  allowed,
  ok: 503,
  request: (f) => ({ method, path: `/hosts/${f.hostId}/docker${path}`, body }),
});

const operations: MatrixCase[] = [
  relay('list containers', 'GET', '/containers/json', ALL),
  relay('create a container', 'POST', '/containers/create', CREATORS, { Image: 'busybox' }),
  relay(
    'start a container (not owned by the standard user)',
    'POST',
    '/containers/c1/start',
    OPERATORS,
  ),
  relay('exec into a container', 'POST', '/containers/c1/exec', CONSOLE, { Cmd: ['sh'] }),
  relay('read logs', 'GET', '/containers/c1/logs?stdout=1', CONSOLE),
  relay('remove a container', 'DELETE', '/containers/c1', HOST_ADMINS),
  relay('pull an image', 'POST', '/images/create?fromImage=busybox', CREATORS),
  relay('remove an image', 'DELETE', '/images/busybox', HOST_ADMINS),
  relay('create a volume', 'POST', '/volumes/create', CREATORS, { Name: 'v1' }),
  // Standard users hold host:read: their stream is filtered per event rather than refused.
  relay('the event stream', 'GET', '/events', ALL),
  relay('prune containers', 'POST', '/containers/prune', HOST_ADMINS),
  relay('prune images', 'POST', '/images/prune', HOST_ADMINS),
  relay('an engine endpoint nobody may relay', 'POST', '/swarm/init', [], {}),
];

const openapi: MatrixCase[] = [
  {
    route: 'GET /openapi.json',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/openapi.json' }),
  },
];

export const FLEET_CASES: MatrixCase[] = [...hosts, ...jobs, ...operations, ...openapi];
