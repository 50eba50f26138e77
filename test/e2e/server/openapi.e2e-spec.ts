import 'reflect-metadata';

import { ApiErrorSchema } from '@wharf/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FEATURE_MODULES } from '../../../apps/server/src/app.module';
import { jsonSchemaOf } from '../../../apps/server/src/modules/openapi/openapi-document';
import {
  controllersOf,
  openApiPath,
  routesOf,
} from '../../../apps/server/src/modules/openapi/route-catalog';
import {
  type ApiClient,
  startWharfServer,
  TEST_ADMIN_PASSWORD,
  type WharfServer,
} from '../../support/wharf-system';
import { createUser, joinHost, loginAs, USER_PASSWORD } from './identity-helpers';
import { type OpenApiDoc, ResponseChecker } from './openapi-conformance';

type Json = Record<string, unknown>;

describe('OpenAPI description at /api/v1/openapi.json', () => {
  let server: WharfServer;
  let doc: OpenApiDoc;

  beforeAll(async () => {
    server = await startWharfServer();
    const res = await server.api().request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as OpenApiDoc;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is served without logging in, as OpenAPI 3.1', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components).toHaveProperty('securitySchemes.bearer');
  });

  it('describes every route registered in the server, and nothing else', () => {
    const routes = routesOf(controllersOf({ imports: FEATURE_MODULES }));
    expect(routes.length).toBeGreaterThan(50);
    const described = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m} ${path}`),
      ),
    );
    for (const route of routes) {
      const method = route.method === 'ALL' ? 'post' : route.method.toLowerCase();
      expect(described, `${route.method} ${route.path}`).toContain(
        `${method} ${openApiPath(route.path)}`,
      );
    }
    const registered = new Set(routes.map((r) => openApiPath(r.path)));
    expect(Object.keys(doc.paths).filter((p) => !registered.has(p))).toEqual([]);
    const ids = Object.values(doc.paths).flatMap((ops) =>
      Object.values(ops).map((o) => o.operationId),
    );
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path parameter, and bodies and queries from the zod DTOs', () => {
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        const declared = op.parameters.filter((p) => p.in === 'path').map((p) => p.name);
        expect(declared.sort(), `${method} ${path}`).toEqual(inPath.sort());
      }
    const createUser = doc.paths['/users']!['post']!;
    const body = createUser.requestBody!.content['application/json'].schema as {
      required: string[];
      properties: Record<string, Json>;
    };
    expect(body.required.sort()).toEqual(['password', 'username']);
    expect(body.properties['password']).toMatchObject({ type: 'string', minLength: 12 });
    const job = doc.paths['/jobs']!['post']!.requestBody!.content['application/json'].schema;
    expect(JSON.stringify(job)).toContain('image.pull');
    const audit = doc.paths['/audit']!['get']!.parameters.map((p) => p.name);
    expect(audit).toEqual(expect.arrayContaining(['actor', 'action', 'result', 'limit', 'before']));
    expect(doc.paths['/users/{id}']!['delete']!.responses).toHaveProperty('404');
  });

  it('marks public routes as needing no credentials and the others as session or bearer', () => {
    expect(doc.paths['/auth/login']!['post']!.security).toEqual([]);
    expect(doc.paths['/agents/join']!['post']!.security).toEqual([]);
    expect(doc.paths['/users']!['get']!.security).toEqual([
      { session: [], csrf: [] },
      { bearer: [] },
    ]);
    expect(doc.paths['/users']!['get']).toMatchObject({ 'x-wharf-permission': 'user:manage' });
  });

  it('gives every operation one success response: a schema per media type, no body, or a relay', () => {
    const checker = new ResponseChecker(doc);
    const relayed: string[] = [];
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        const id = `${method} ${path}`;
        const success = Object.entries(op.responses).filter(([status]) => status.startsWith('2'));
        expect(
          success.map(([status]) => status),
          id,
        ).toHaveLength(1);
        const [status, response] = success[0]!;
        if (response['x-wharf-relayed'] === true) relayed.push(id);
        else if (response.content === undefined) expect(status, `${id} has no body`).toBe('204');
        else
          for (const [type, media] of Object.entries(response.content)) {
            expect(Object.keys(media.schema), `${id} ${type}`).not.toHaveLength(0);
            expect(() => checker.validator(media.schema), `${id} ${type}`).not.toThrow();
          }
        for (const [code, error] of Object.entries(op.responses))
          if (/^[45]/.test(code))
            expect(error.content?.['application/json']?.schema, `${id} ${code}`).toEqual({
              $ref: '#/components/schemas/ApiError',
            });
      }
    // Only the Docker relay passes another API's answers through (one route, five methods).
    expect(relayed.sort()).toEqual(
      ['delete', 'get', 'head', 'post', 'put'].map((m) => `${m} /hosts/{id}/docker/{path}`),
    );
  });

  it("publishes the JSON Schema form of the zod schema each handler's @Responds names", () => {
    const routes = routesOf(controllersOf({ imports: FEATURE_MODULES }));
    let compared = 0;
    for (const route of routes) {
      const id = `${route.method} ${route.path}`;
      expect(route.response, id).toBeDefined();
      if (route.response?.kind !== 'json') continue;
      const op = doc.paths[openApiPath(route.path)]![route.method.toLowerCase()]!;
      expect(
        op.responses[String(route.successStatus)]?.content?.['application/json']?.schema,
        id,
      ).toEqual(jsonSchemaOf(route.response.schema, 'output'));
      compared += 1;
    }
    expect(compared).toBeGreaterThan(40);
    expect(doc.components.schemas['ApiError']).toEqual(jsonSchemaOf(ApiErrorSchema, 'output'));
  });

  describe('real answers fit the schemas the document publishes', () => {
    let checker: ResponseChecker;
    let admin: ApiClient;
    const ids = { host: '', user: '' };

    /** Calls `template` (with `{params}` filled in) and asserts the answer fits the document. */
    const call = async (
      client: ApiClient,
      method: string,
      template: string,
      options: { params?: Record<string, string>; query?: string; body?: unknown } = {},
    ) => {
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) =>
        encodeURIComponent(options.params?.[name] ?? ''),
      );
      const res = await client.request(method, `${path}${options.query ?? ''}`, options.body);
      const answer = {
        status: res.status,
        contentType: res.headers.get('content-type'),
        body: res.body as unknown,
      };
      const said = `${method} ${path}${options.query ?? ''} → ${res.status} ${JSON.stringify(res.body)}`;
      expect(checker.problems(method, template, answer), said).toEqual([]);
      return res;
    };

    beforeAll(async () => {
      checker = new ResponseChecker(doc);
      admin = server.api();
      await call(admin, 'POST', '/setup/admin', { body: { password: TEST_ADMIN_PASSWORD } });
      ids.user = (await createUser(admin, 'schema-check')).id;
      ids.host = await joinHost(admin, server, 'schema-host');
    });

    it('identity: me, users, tokens, teams and roles', async () => {
      await call(admin, 'GET', '/auth/me');
      await call(admin, 'GET', '/auth/me/access');
      const users = await call(admin, 'GET', '/users');
      expect(users.body).toHaveLength(2);
      await call(admin, 'GET', '/users/{id}', { params: { id: ids.user } });
      await call(admin, 'PATCH', '/users/{id}', {
        params: { id: ids.user },
        body: { displayName: 'Schema Check' },
      });
      await call(server.api(), 'POST', '/auth/login', {
        body: { username: 'schema-check', password: USER_PASSWORD },
      });
      await call(admin, 'GET', '/users/{id}/effective-access', { params: { id: ids.user } });
      const token = await call(admin, 'POST', '/tokens', {
        body: { name: 'schema', scopes: ['host:read'], ttlSeconds: 3600 },
      });
      expect(token.status).toBe(201);
      expect((await call(admin, 'GET', '/tokens')).body).toHaveLength(1);
      await call(admin, 'POST', '/teams', { body: { name: 'schema team' } });
      await call(admin, 'GET', '/teams');
      await call(admin, 'GET', '/roles');
      await call(admin, 'GET', '/role-bindings');
      const revoked = await call(admin, 'DELETE', '/tokens/{id}', {
        params: { id: (token.body as { id: string }).id },
      });
      expect(revoked.status).toBe(204);
      await call(server.api(), 'GET', '/setup/status');
      await call(server.api(), 'GET', '/openapi.json');
    });

    it('fleet: hosts, jobs and the inventory', async () => {
      const hosts = await call(admin, 'GET', '/hosts');
      expect(hosts.body).toEqual([expect.objectContaining({ id: ids.host })]);
      await call(admin, 'GET', '/hosts/{id}', { params: { id: ids.host } });
      await call(admin, 'PATCH', '/hosts/{id}', {
        params: { id: ids.host },
        body: { labels: { zone: 'a' }, groups: ['edge'] },
      });
      await call(admin, 'POST', '/hosts/join-tokens', { body: {} });
      const job = await call(admin, 'POST', '/jobs', {
        body: { kind: 'image.pull', hostIds: [ids.host], image: 'busybox' },
      });
      expect(job.status).toBe(201);
      expect((await call(admin, 'GET', '/jobs')).body).toHaveLength(1);
      await call(admin, 'GET', '/jobs/{id}', { params: { id: (job.body as { id: string }).id } });
      await call(admin, 'GET', '/containers');
    });

    it('registries, including a connection test that finds nothing listening', async () => {
      // Port 1 of loopback: a port fetch refuses to use, so nothing is sent anywhere.
      const created = await call(admin, 'POST', '/registries', {
        body: {
          name: 'schema registry',
          url: 'http://127.0.0.1:1',
          username: 'ci',
          password: 'pw',
        },
      });
      expect(created.status).toBe(201);
      const id = (created.body as { id: string }).id;
      expect((await call(admin, 'GET', '/registries')).body).toHaveLength(1);
      const test = await call(admin, 'POST', '/registries/{id}/test', { params: { id } });
      expect(test.body).toMatchObject({ ok: false });
    });

    it('audit: a page, the chain check and both export formats', async () => {
      const page = await call(admin, 'GET', '/audit');
      expect((page.body as { items: unknown[] }).items.length).toBeGreaterThan(3);
      await call(admin, 'GET', '/audit/verify');
      const json = await call(admin, 'GET', '/audit/export', { query: '?format=json' });
      expect(json.body).not.toHaveLength(0);
      const csv = await call(admin, 'GET', '/audit/export', { query: '?format=csv' });
      expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    });

    it('errors: 400, 401, 403 and 404 bodies are the shared ApiError', async () => {
      const invalid = await call(admin, 'POST', '/users', { body: { username: 'x' } });
      expect(invalid.status).toBe(400);
      expect((await call(server.api(), 'GET', '/users')).status).toBe(401);
      const user = await loginAs(server, 'schema-check');
      expect((await call(user, 'GET', '/users')).status).toBe(403);
      const missing = await call(admin, 'GET', '/users/{id}', { params: { id: 'no-such-user' } });
      expect(missing.status).toBe(404);
    });

    it('would notice a drifted answer: a key too many or too few, a wrong type or format', async () => {
      const schema = doc.paths['/users']!['get']!.responses['200']!.content!['application/json']!;
      const [user] = (await admin.request('GET', '/users')).body as Json[];
      expect(checker.errorsOf(schema.schema, [user])).toEqual([]);
      const { createdAt: _dropped, ...withoutCreatedAt } = user!;
      for (const drifted of [
        { ...user, passwordHash: 'leaked' },
        withoutCreatedAt,
        { ...user, isAdmin: 'yes' },
        { ...user, createdAt: 'yesterday' },
      ])
        expect(checker.errorsOf(schema.schema, [drifted]), JSON.stringify(drifted)).not.toEqual([]);
    });
  });
});
