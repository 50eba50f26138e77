import { type MatrixCase } from './rbac-cases';
import { type Fixture, type RoleId } from './rbac-fixture';

const ADMIN: readonly RoleId[] = ['administrator'];
const id = (res: { body: unknown }): string => (res.body as { id: string }).id;

/** A registry nobody listens for (port 1 of loopback): calls to it fail fast with 503. */
const freshRegistry = async (f: Fixture) =>
  id(
    await f.admin.request('POST', '/registries', {
      name: f.unique('reg'),
      url: 'http://127.0.0.1:1',
      username: 'ci',
      password: 'registry-secret',
    }),
  );

/** Registries: only administrators hold `registry:read` / `registry:manage` among the built-in roles. */
export const REGISTRY_CASES: MatrixCase[] = [
  {
    route: 'GET /registries',
    allowed: ADMIN,
    ok: 200,
    request: () => ({ method: 'GET', path: '/registries' }),
  },
  {
    route: 'POST /registries',
    allowed: ADMIN,
    ok: 201,
    request: (f) => ({
      method: 'POST',
      path: '/registries',
      body: { name: f.unique('reg'), url: 'https://registry.example:5000' },
    }),
  },
  {
    route: 'GET /registries/:id',
    allowed: ADMIN,
    ok: 200,
    request: async (f) => ({ method: 'GET', path: `/registries/${await freshRegistry(f)}` }),
  },
  {
    route: 'PATCH /registries/:id',
    allowed: ADMIN,
    ok: 200,
    request: async (f) => ({
      method: 'PATCH',
      path: `/registries/${await freshRegistry(f)}`,
      body: { password: 'another-secret' },
    }),
  },
  {
    route: 'DELETE /registries/:id',
    allowed: ADMIN,
    ok: 204,
    request: async (f) => ({ method: 'DELETE', path: `/registries/${await freshRegistry(f)}` }),
  },
  {
    route: 'POST /registries/:id/test',
    name: 'an unreachable registry is a failed test, not a failed call',
    allowed: ADMIN,
    ok: 200,
    request: async (f) => ({ method: 'POST', path: `/registries/${await freshRegistry(f)}/test` }),
  },
  {
    route: 'GET /registries/:id/repositories',
    name: 'unreachable registry: 503',
    allowed: ADMIN,
    ok: 503,
    request: async (f) => ({
      method: 'GET',
      path: `/registries/${await freshRegistry(f)}/repositories`,
    }),
  },
  {
    route: 'GET /registries/:id/tags',
    name: 'unreachable registry: 503',
    allowed: ADMIN,
    ok: 503,
    request: async (f) => ({
      method: 'GET',
      path: `/registries/${await freshRegistry(f)}/tags?repository=team/app`,
    }),
  },
];
