import { API_PREFIX, ApiErrorSchema } from '@wharf/contracts';
import { z, type ZodType } from 'zod';

import { openApiPath, type RouteInfo } from './route-catalog';

type Json = Record<string, unknown>;

/** JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema as a client sends it. */
function schemaOf(schema: ZodType): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as Json;
  return rest;
}

const RELAY_METHODS = ['get', 'head', 'post', 'put', 'delete'];

function parameters(route: RouteInfo): Json[] {
  const path = route.params.map((name) => ({
    name,
    in: 'path',
    required: true,
    schema: { type: 'string' },
    ...(route.path.includes(`*${name}`) ? { description: 'the rest of the path' } : {}),
  }));
  const query = route.query === undefined ? undefined : schemaOf(route.query);
  const properties = (query?.['properties'] ?? {}) as Record<string, Json>;
  const required = new Set((query?.['required'] as string[] | undefined) ?? []);
  return [
    ...path,
    ...Object.entries(properties).map(([name, schema]) => ({
      name,
      in: 'query',
      required: required.has(name),
      schema,
    })),
  ];
}

function errorResponse(description: string): Json {
  return {
    description,
    content: { 'application/json': { schema: { $ref: '#/components/schemas/ApiError' } } },
  };
}

function operation(route: RouteInfo): Json {
  const access = route.access;
  const publicRoute = access?.kind === 'public';
  return {
    operationId: `${route.controller}.${route.handler}`,
    tags: [route.controller.replace(/Controller$/, '')],
    ...(access?.kind === 'permission'
      ? {
          description: `Needs the \`${access.permission}\` permission.`,
          'x-wharf-permission': access.permission,
        }
      : {}),
    parameters: parameters(route),
    ...(route.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: schemaOf(route.body) } },
          },
        }),
    responses: {
      [String(route.successStatus)]: { description: 'success' },
      ...(route.body !== undefined || route.query !== undefined
        ? { '400': errorResponse('invalid request (the offending fields are listed)') }
        : {}),
      ...(publicRoute
        ? {}
        : {
            '401': errorResponse('not logged in, or an invalid API token'),
            '403': errorResponse('missing permission (or CSRF token)'),
          }),
      ...(route.params.length > 0 ? { '404': errorResponse('no such resource') } : {}),
      '413': errorResponse('request body too large'),
    },
    security: publicRoute ? [] : [{ session: [], csrf: [] }, { bearer: [] }],
  };
}

/**
 * The OpenAPI 3.1 description of the REST API, generated from the routes Nest registered and the
 * zod schemas behind their DTOs (bodies and queries), so it cannot drift from the code.
 */
export function openApiDocument(routes: readonly RouteInfo[], version: string): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const route of routes) {
    const path = openApiPath(route.path);
    const methods = route.method === 'ALL' ? RELAY_METHODS : [route.method.toLowerCase()];
    paths[path] ??= {};
    for (const method of methods)
      paths[path][method] = {
        ...operation(route),
        ...(methods.length > 1
          ? { operationId: `${route.controller}.${route.handler}.${method}` }
          : {}),
      };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Wharf server REST API',
      version,
      description:
        'Fleet, identity, access and audit API of the Wharf server. Authenticate with the session ' +
        'cookie (plus the x-csrf-token header on state-changing calls) or `Authorization: Bearer wharf_pat_…`.',
    },
    servers: [{ url: API_PREFIX }],
    paths,
    components: {
      schemas: { ApiError: schemaOf(ApiErrorSchema) },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'wharf_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'wharf_pat_…' },
      },
    },
  };
}
