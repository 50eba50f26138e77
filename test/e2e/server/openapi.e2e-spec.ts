import 'reflect-metadata';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { FEATURE_MODULES } from '../../../apps/server/src/app.module';
import {
  controllersOf,
  openApiPath,
  routesOf,
} from '../../../apps/server/src/modules/openapi/route-catalog';
import { startWharfServer, type WharfServer } from '../../support/wharf-system';

type Json = Record<string, unknown>;
interface Operation {
  parameters: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { content: { 'application/json': { schema: Json } } };
  responses: Record<string, unknown>;
  security: unknown[];
  operationId: string;
}

describe('OpenAPI description at /api/v1/openapi.json', () => {
  let server: WharfServer;
  let doc: { openapi: string; paths: Record<string, Record<string, Operation>>; components: Json };

  beforeAll(async () => {
    server = await startWharfServer();
    const res = await server.api().request('GET', '/openapi.json');
    expect(res.status).toBe(200);
    doc = res.body as typeof doc;
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
});
