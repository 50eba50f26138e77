import { RequestMethod, type Type } from '@nestjs/common';
import {
  HTTP_CODE_METADATA,
  METHOD_METADATA,
  MODULE_METADATA,
  PATH_METADATA,
  ROUTE_ARGS_METADATA,
} from '@nestjs/common/constants';
import { type ZodType } from 'zod';

import { ACCESS_DECISION, type AccessDecision } from '../access/access.decorators';
import { RESPONSE_SPEC, type ResponseSpec } from './responds.decorators';

/** One REST endpoint as Nest registers it. */
export interface RouteInfo {
  /** `GET`, `POST`, … (`ALL` for the Docker relay). */
  method: string;
  /** Path under the global prefix, Nest syntax: `/users/:id`, `/hosts/:id/docker/*path`. */
  path: string;
  controller: string;
  handler: string;
  access: AccessDecision | undefined;
  /** The status Nest answers on success (201 for POST unless @HttpCode says otherwise). */
  successStatus: number;
  params: string[];
  /** From `@Responds*`; undefined when the handler declares none (the document refuses that). */
  response: ResponseSpec | undefined;
  body?: ZodType;
  query?: ZodType;
}

// Nest's RouteParamtypes (not exported from @nestjs/common's index).
const BODY = 3;
const QUERY = 4;
const PARAM = 5;

interface ArgMeta {
  index: number;
  data?: unknown;
  pipes?: unknown[];
}

function zodOf(candidate: unknown): ZodType | undefined {
  if (candidate === null || candidate === undefined) return undefined;
  const c = candidate as { isZodDto?: boolean; schema?: ZodType; schemaOrDto?: unknown };
  if (c.isZodDto === true && c.schema !== undefined) return c.schema;
  // A ZodValidationPipe given a schema (or DTO) directly (`@Body(new ZodValidationPipe(schema))`).
  if (c.schemaOrDto !== undefined) return zodOf(c.schemaOrDto) ?? (c.schemaOrDto as ZodType);
  return undefined;
}

/** The zod schema of a body/query argument: from its pipes, else from its DTO class. */
function argSchema(arg: ArgMeta, paramTypes: unknown[]): ZodType | undefined {
  for (const pipe of arg.pipes ?? []) {
    const schema = zodOf(pipe);
    if (schema !== undefined) return schema;
  }
  return zodOf(paramTypes[arg.index]);
}

const joinPath = (...parts: string[]): string =>
  `/${parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '')
    .join('/')}`;

function routesOfHandler(controller: Type, name: string, base: string): RouteInfo[] {
  const handler = (controller.prototype as Record<string, unknown>)[name];
  if (typeof handler !== 'function') return [];
  const requestMethod = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
  if (requestMethod === undefined) return [];
  const paths = Reflect.getMetadata(PATH_METADATA, handler) as string | string[] | undefined;
  const method = RequestMethod[requestMethod];
  const args = (Reflect.getMetadata(ROUTE_ARGS_METADATA, controller, name) ?? {}) as Record<
    string,
    ArgMeta
  >;
  const paramTypes = (Reflect.getMetadata(
    'design:paramtypes',
    controller.prototype as object,
    name,
  ) ?? []) as unknown[];
  const info: Omit<RouteInfo, 'path'> = {
    method,
    controller: controller.name,
    handler: name,
    access: Reflect.getMetadata(ACCESS_DECISION, handler) as AccessDecision | undefined,
    successStatus:
      (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
      (method === 'POST' ? 201 : 200),
    params: [],
    response: Reflect.getMetadata(RESPONSE_SPEC, handler) as ResponseSpec | undefined,
  };
  for (const [key, arg] of Object.entries(args)) {
    const type = Number(key.split(':')[0]);
    if (type === PARAM && typeof arg.data === 'string') info.params.push(arg.data);
    if (type === BODY) info.body = argSchema(arg, paramTypes);
    if (type === QUERY) info.query = argSchema(arg, paramTypes);
  }
  info.access ??= Reflect.getMetadata(ACCESS_DECISION, controller) as AccessDecision | undefined;
  return (Array.isArray(paths) ? paths : [paths ?? '']).map((p) => {
    const path = joinPath(base, p);
    // Wildcards (`*path`) are route parameters even when the handler does not read them.
    const inPath = [...path.matchAll(/[:*]([A-Za-z0-9_]+)/g)].map((m) => m[1] ?? '');
    return { ...info, path, params: [...new Set([...inPath, ...info.params])] };
  });
}

/** Every route of these controllers, from Nest's decorator metadata. */
export function routesOf(controllers: readonly Type[]): RouteInfo[] {
  const routes: RouteInfo[] = [];
  for (const controller of controllers) {
    const base = (Reflect.getMetadata(PATH_METADATA, controller) as string | undefined) ?? '';
    for (const name of Object.getOwnPropertyNames(controller.prototype))
      if (name !== 'constructor') routes.push(...routesOfHandler(controller, name, base));
  }
  return routes;
}

/** The controllers of a module and everything it imports (static and dynamic modules). */
export function controllersOf(root: unknown, seen = new Set<unknown>()): Type[] {
  if (root === null || root === undefined || seen.has(root)) return [];
  seen.add(root);
  const dynamic = root as { module?: Type; imports?: unknown[]; controllers?: Type[] };
  const moduleClass = typeof root === 'function' ? root : dynamic.module;
  const meta = (key: string): unknown[] =>
    moduleClass === undefined
      ? []
      : ((Reflect.getMetadata(key, moduleClass) as unknown[] | undefined) ?? []);
  const imports = [...meta(MODULE_METADATA.IMPORTS), ...(dynamic.imports ?? [])];
  const controllers = [
    ...(meta(MODULE_METADATA.CONTROLLERS) as Type[]),
    ...(dynamic.controllers ?? []),
  ];
  return [...new Set([...controllers, ...imports.flatMap((m) => controllersOf(m, seen))])];
}

/** `/hosts/:id/docker/*path` → `/hosts/{id}/docker/{path}`. */
export function openApiPath(path: string): string {
  return path.replace(/[:*]([A-Za-z0-9_]+)/g, '{$1}');
}
