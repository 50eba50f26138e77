import { type ApiClient } from '../../support/wharf-system';
import { createUser, USER_PASSWORD } from './identity-helpers';
import { type Actor, type Fixture, type RoleId, ROLES, spareLogin } from './rbac-fixture';

/** The request a case makes; `as` replaces the actor's own client (fresh sessions of the spare user). */
export interface CaseRequest {
  method: string;
  path: string;
  body?: unknown;
  as?: ApiClient;
}

/**
 * One expectation of the matrix: `route` is the Nest route it exercises (`METHOD /path`, Nest
 * syntax, as the route catalog lists it); the roles in `allowed` get `ok`, the others `denied`
 * (403 unless the route hides what a caller may not see with 404).
 */
export interface MatrixCase {
  route: string;
  name?: string;
  allowed: readonly RoleId[];
  ok: number;
  denied?: number;
  request(f: Fixture, actor: Actor): Promise<CaseRequest> | CaseRequest;
}

const ALL = ROLES;
const ADMIN: readonly RoleId[] = ['administrator'];

const id = <T extends { id: string }>(res: { body: unknown }): string => (res.body as T).id;
const freshUser = async (f: Fixture) => (await createUser(f.admin, f.unique('u'))).id;

const auth: MatrixCase[] = [
  {
    route: 'GET /setup/status',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/setup/status' }),
  },
  {
    route: 'POST /setup/admin',
    name: 'refused once the admin password is set, for everyone',
    allowed: ALL,
    ok: 409,
    request: () => ({
      method: 'POST',
      path: '/setup/admin',
      body: { password: 'a new long password' },
    }),
  },
  {
    route: 'POST /auth/login',
    allowed: ALL,
    ok: 200,
    request: (_f, a) => ({
      method: 'POST',
      path: '/auth/login',
      body: { username: a.username, password: USER_PASSWORD },
    }),
  },
  {
    route: 'POST /auth/logout',
    allowed: ALL,
    ok: 204,
    request: async (f, a) => ({ method: 'POST', path: '/auth/logout', as: await spareLogin(f, a) }),
  },
  {
    route: 'POST /auth/logout-all',
    allowed: ALL,
    ok: 204,
    request: async (f, a) => ({
      method: 'POST',
      path: '/auth/logout-all',
      as: await spareLogin(f, a),
    }),
  },
  {
    route: 'GET /auth/me',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/auth/me' }),
  },
  {
    route: 'GET /auth/me/access',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/auth/me/access' }),
  },
  {
    route: 'POST /auth/password',
    allowed: ALL,
    ok: 204,
    request: async (f, a) => ({
      method: 'POST',
      path: '/auth/password',
      body: { currentPassword: USER_PASSWORD, newPassword: USER_PASSWORD },
      as: await spareLogin(f, a),
    }),
  },
  {
    route: 'POST /auth/totp/enroll',
    allowed: ALL,
    ok: 200,
    request: async (f, a) => ({
      method: 'POST',
      path: '/auth/totp/enroll',
      as: await spareLogin(f, a),
    }),
  },
  {
    route: 'POST /auth/totp/confirm',
    name: 'a wrong code is refused as a bad code (400), not as a forbidden call',
    allowed: ALL,
    ok: 400,
    request: async (f, a) => {
      const as = await spareLogin(f, a);
      await as.request('POST', '/auth/totp/enroll');
      return { method: 'POST', path: '/auth/totp/confirm', body: { code: '000000' }, as };
    },
  },
  {
    route: 'POST /auth/totp/disable',
    allowed: ALL,
    ok: 204,
    request: async (f, a) => ({
      method: 'POST',
      path: '/auth/totp/disable',
      body: { password: USER_PASSWORD },
      as: await spareLogin(f, a),
    }),
  },
];

const roles: MatrixCase[] = [
  {
    route: 'GET /roles',
    allowed: ADMIN,
    ok: 200,
    request: () => ({ method: 'GET', path: '/roles' }),
  },
  {
    route: 'POST /roles',
    allowed: ADMIN,
    ok: 201,
    request: (f) => ({
      method: 'POST',
      path: '/roles',
      body: { name: f.unique('role'), permissions: ['host:read'] },
    }),
  },
  {
    route: 'GET /roles/:id',
    allowed: ADMIN,
    ok: 200,
    request: (f) => ({ method: 'GET', path: `/roles/${f.roleId}` }),
  },
  {
    route: 'PATCH /roles/:id',
    allowed: ADMIN,
    ok: 200,
    request: (f) => ({
      method: 'PATCH',
      path: `/roles/${f.roleId}`,
      body: { description: f.unique('d') },
    }),
  },
  {
    route: 'DELETE /roles/:id',
    allowed: ADMIN,
    ok: 204,
    request: async (f) => {
      const res = await f.admin.request('POST', '/roles', {
        name: f.unique('role'),
        permissions: ['host:read'],
      });
      return { method: 'DELETE', path: `/roles/${id(res)}` };
    },
  },
  {
    route: 'GET /role-bindings',
    allowed: ADMIN,
    ok: 200,
    request: () => ({ method: 'GET', path: '/role-bindings' }),
  },
  {
    route: 'POST /role-bindings',
    allowed: ADMIN,
    ok: 201,
    request: async (f) => ({
      method: 'POST',
      path: '/role-bindings',
      body: { roleId: 'read-only', userId: await freshUser(f) },
    }),
  },
  {
    route: 'DELETE /role-bindings/:id',
    allowed: ADMIN,
    ok: 204,
    request: async (f) => {
      const res = await f.admin.request('POST', '/role-bindings', {
        roleId: 'read-only',
        userId: await freshUser(f),
      });
      return { method: 'DELETE', path: `/role-bindings/${id(res)}` };
    },
  },
];

const audit: MatrixCase[] = [
  {
    route: 'GET /audit',
    allowed: ADMIN,
    ok: 200,
    request: () => ({ method: 'GET', path: '/audit' }),
  },
  {
    route: 'GET /audit/export',
    allowed: ADMIN,
    ok: 200,
    request: () => ({ method: 'GET', path: '/audit/export?format=csv' }),
  },
  {
    route: 'GET /audit/verify',
    allowed: ADMIN,
    ok: 200,
    request: () => ({ method: 'GET', path: '/audit/verify' }),
  },
];

const users: MatrixCase[] = [
  {
    route: 'GET /users',
    allowed: ADMIN,
    ok: 200,
    request: () => ({ method: 'GET', path: '/users' }),
  },
  {
    route: 'POST /users',
    allowed: ADMIN,
    ok: 201,
    request: (f) => ({
      method: 'POST',
      path: '/users',
      body: { username: f.unique('new'), password: USER_PASSWORD },
    }),
  },
  {
    route: 'GET /users/:id',
    allowed: ADMIN,
    ok: 200,
    request: (f) => ({ method: 'GET', path: `/users/${f.actors.get('read-only')!.userId}` }),
  },
  {
    route: 'PATCH /users/:id',
    allowed: ADMIN,
    ok: 200,
    request: async (f) => ({
      method: 'PATCH',
      path: `/users/${await freshUser(f)}`,
      body: { disabled: true },
    }),
  },
  {
    route: 'DELETE /users/:id',
    allowed: ADMIN,
    ok: 204,
    request: async (f) => ({ method: 'DELETE', path: `/users/${await freshUser(f)}` }),
  },
  {
    route: 'GET /users/:id/effective-access',
    allowed: ADMIN,
    ok: 200,
    request: (f) => ({
      method: 'GET',
      path: `/users/${f.actors.get('operator')!.userId}/effective-access`,
    }),
  },
];

const freshTeam = async (f: Fixture) =>
  id(await f.admin.request('POST', '/teams', { name: f.unique('team') }));

const teams: MatrixCase[] = [
  {
    route: 'GET /teams',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/teams' }),
  },
  {
    route: 'POST /teams',
    allowed: ADMIN,
    ok: 201,
    request: (f) => ({ method: 'POST', path: '/teams', body: { name: f.unique('team') } }),
  },
  {
    route: 'GET /teams/:id',
    allowed: ADMIN,
    ok: 200,
    denied: 404,
    request: (f) => ({ method: 'GET', path: `/teams/${f.teamId}` }),
  },
  {
    route: 'PATCH /teams/:id',
    allowed: ADMIN,
    ok: 200,
    request: (f) => ({
      method: 'PATCH',
      path: `/teams/${f.teamId}`,
      body: { description: f.unique('d') },
    }),
  },
  {
    route: 'DELETE /teams/:id',
    allowed: ADMIN,
    ok: 204,
    request: async (f) => ({ method: 'DELETE', path: `/teams/${await freshTeam(f)}` }),
  },
  {
    route: 'PUT /teams/:id/members/:userId',
    allowed: ADMIN,
    ok: 200,
    denied: 404,
    request: async (f) => ({
      method: 'PUT',
      path: `/teams/${await freshTeam(f)}/members/${await freshUser(f)}`,
      body: {},
    }),
  },
  {
    route: 'DELETE /teams/:id/members/:userId',
    allowed: ADMIN,
    ok: 204,
    denied: 404,
    request: async (f) => {
      const team = await freshTeam(f);
      const user = await freshUser(f);
      await f.admin.request('PUT', `/teams/${team}/members/${user}`, {});
      return { method: 'DELETE', path: `/teams/${team}/members/${user}` };
    },
  },
];

const tokens: MatrixCase[] = [
  {
    route: 'GET /tokens',
    allowed: ALL,
    ok: 200,
    request: () => ({ method: 'GET', path: '/tokens' }),
  },
  {
    route: 'POST /tokens',
    allowed: ALL,
    ok: 201,
    request: () => ({
      method: 'POST',
      path: '/tokens',
      body: { name: 't', scopes: ['host:read'] },
    }),
  },
  {
    route: 'DELETE /tokens/:id',
    name: 'own token',
    allowed: ALL,
    ok: 204,
    request: async (_f, a) => {
      const res = await a.client.request('POST', '/tokens', { name: 't', scopes: ['host:read'] });
      return { method: 'DELETE', path: `/tokens/${id(res)}` };
    },
  },
];

export const IDENTITY_CASES: MatrixCase[] = [
  ...auth,
  ...roles,
  ...audit,
  ...users,
  ...teams,
  ...tokens,
];
