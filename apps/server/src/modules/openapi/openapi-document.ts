import { API_PREFIX, ApiErrorSchema, type OpenApiDocument } from '@wharf/contracts';
import { z, type ZodType } from 'zod';

import { type ResponseSpec } from './responds.decorators';
import { openApiPath, type RouteInfo } from './route-catalog';

type Json = Record<string, unknown>;

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses) of a zod schema: as a client sends it (`input`:
 * defaults optional, unknown keys allowed) or as the server answers (`output`: every key the
 * schema lists, and no other).
 */
export function jsonSchemaOf(schema: ZodType, io: 'input' | 'output'): Json {
  const { $schema: _ignored, ...rest } = z.toJSONSchema(schema, {
    io,
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
  const query = route.query === undefined ? undefined : jsonSchemaOf(route.query, 'input');
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

const label = (route: RouteInfo): string =>
  `${route.method} ${route.path} (${route.controller}.${route.handler})`;

/** The response spec of a route, checked against its status: 204 exactly when there is no body. */
function responseSpecOf(route: RouteInfo): ResponseSpec {
  const spec = route.response;
  if (spec === undefined)
    throw new Error(
      `${label(route)} declares no response: add @Responds(schema), @RespondsEmpty(), ` +
        '@RespondsDownload(…) or @RespondsRelayed(…)',
    );
  if ((spec.kind === 'empty') !== (route.successStatus === 204))
    throw new Error(
      `${label(route)} answers ${route.successStatus} but declares ` +
        `${spec.kind === 'empty' ? 'no body' : 'a body'}: @HttpCode(204) goes with @RespondsEmpty()`,
    );
  return spec;
}

/** OpenAPI `content` (media type → schema) of answers in these media types. */
const contentOf = (content: Record<string, ZodType>): Json =>
  Object.fromEntries(
    Object.entries(content).map(([type, schema]) => [
      type,
      { schema: jsonSchemaOf(schema, 'output') },
    ]),
  );

/** The success response(s) of a route, keyed by status. */
function successResponses(route: RouteInfo): Record<string, Json> {
  const spec = responseSpecOf(route);
  const status = String(route.successStatus);
  switch (spec.kind) {
    case 'json':
      return {
        [status]: {
          description: 'success',
          content: contentOf({ 'application/json': spec.schema }),
        },
      };
    case 'empty':
      return { [status]: { description: 'success (no body)' } };
    case 'download':
      return {
        [status]: {
          description: 'a file download (`Content-Disposition: attachment`)',
          headers: { 'content-disposition': { schema: { type: 'string' } } },
          content: contentOf(spec.content),
        },
      };
    case 'relayed':
      // The relayed API chooses the status (201, 204, 304…) and the body (JSON, bytes or a stream).
      return {
        '2XX': {
          description: spec.description,
          content: { '*/*': { schema: {} } },
          'x-wharf-relayed': true,
        },
      };
  }
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
            content: { 'application/json': { schema: jsonSchemaOf(route.body, 'input') } },
          },
        }),
    responses: {
      ...successResponses(route),
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
 * The OpenAPI 3.1 description of the REST API, generated from the routes Nest registered, the zod
 * schemas behind their DTOs (bodies and queries) and their `@Responds*` declarations (success
 * bodies), so it cannot drift from the code. Throws when a route declares no response.
 */
export function openApiDocument(routes: readonly RouteInfo[], version: string): OpenApiDocument {
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
      schemas: { ApiError: jsonSchemaOf(ApiErrorSchema, 'output') },
      securitySchemes: {
        session: { type: 'apiKey', in: 'cookie', name: 'wharf_session' },
        csrf: { type: 'apiKey', in: 'header', name: 'x-csrf-token' },
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'wharf_pat_…' },
      },
    },
  };
}
