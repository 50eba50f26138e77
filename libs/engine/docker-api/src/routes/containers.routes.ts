import type {
  ContainerCreateBody,
  ContainerUpdateBody,
  DockerContainerService,
  WaitCondition,
} from '@wharf/engine-container';
import { AppError } from '@wharf/errors';

import type { ApiRequest, ApiResponse, Route } from '../http/api-types';
import { boolParam, filtersParam, intParam } from '../http/query';

const WAIT_CONDITIONS: readonly WaitCondition[] = ['not-running', 'next-exit', 'removed'];

function requiredBody<T>(value: T | undefined): T {
  if (value === undefined)
    throw new AppError(
      'InvalidArgument',
      'EMPTY_BODY',
      'config cannot be empty in order to create a container',
    );
  return value;
}

function stopOptions(req: ApiRequest): { signal?: string; timeoutSeconds?: number } {
  return { signal: req.query.get('signal') ?? undefined, timeoutSeconds: intParam(req.query, 't') };
}

/** Flushes the headers before waiting, as moby does, so `docker run` knows the waiter is in place. */
async function wait(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const condition = (req.query.get('condition') ?? 'not-running') as WaitCondition;
  if (!WAIT_CONDITIONS.includes(condition)) {
    throw new AppError('InvalidArgument', 'BAD_CONDITION', `invalid condition: "${condition}"`);
  }
  const id = req.params['id'] ?? '';
  await containers.inspect(id);
  const pending = containers.wait(id, condition);
  const out = res.stream(200, { 'Content-Type': 'application/json' });
  try {
    out.end(`${JSON.stringify(await pending)}\n`);
  } catch (error) {
    out.end(
      `${JSON.stringify({ StatusCode: -1, Error: { Message: error instanceof Error ? error.message : String(error) } })}\n`,
    );
  }
}

function noContent(
  action: (req: ApiRequest) => Promise<unknown>,
): (req: ApiRequest, res: ApiResponse) => Promise<void> {
  return async (req, res) => {
    await action(req);
    res.empty(204);
  };
}

/** List, create, inspect, top, update, wait and prune. */
function containerQueryRoutes(containers: DockerContainerService): Route[] {
  const id = (req: ApiRequest) => req.params['id'] ?? '';
  return [
    {
      method: 'GET',
      path: '/containers/json',
      handler: async (req, res) =>
        res.json(
          200,
          await containers.list({
            all: boolParam(req.query, 'all'),
            limit: intParam(req.query, 'limit'),
            size: boolParam(req.query, 'size'),
            filters: filtersParam(req.query),
          }),
        ),
    },
    {
      method: 'POST',
      path: '/containers/create',
      handler: async (req, res) =>
        res.json(
          201,
          await containers.create(
            requiredBody(await req.json<ContainerCreateBody>()),
            req.query.get('name') ?? undefined,
          ),
        ),
    },
    {
      method: 'POST',
      path: '/containers/prune',
      handler: async (req, res) => res.json(200, await containers.prune(filtersParam(req.query))),
    },
    {
      method: 'GET',
      path: '/containers/{id}/json',
      handler: async (req, res) => res.json(200, await containers.inspect(id(req))),
    },
    {
      method: 'POST',
      path: '/containers/{id}/update',
      handler: async (req, res) =>
        res.json(
          200,
          await containers.update(id(req), (await req.json<ContainerUpdateBody>()) ?? {}),
        ),
    },
    {
      method: 'GET',
      path: '/containers/{id}/top',
      handler: async (req, res) =>
        res.json(200, await containers.top(id(req), req.query.get('ps_args') ?? '-ef')),
    },
  ];
}

/** `POST /containers/{id}/<action>` answered with 204 once `run(id, req)` is done. */
function action(name: string, run: (id: string, req: ApiRequest) => Promise<unknown>): Route {
  return {
    method: 'POST',
    path: `/containers/{id}/${name}`,
    handler: noContent((req) => run(req.params['id'] ?? '', req)),
  };
}

/** Start, stop, restart, kill, pause, unpause, rename, resize and remove. */
function containerLifecycleRoutes(containers: DockerContainerService): Route[] {
  return [
    action('start', (id) => containers.start(id)),
    action('stop', (id, req) => containers.stop(id, stopOptions(req))),
    action('restart', (id, req) => containers.restart(id, stopOptions(req))),
    action('kill', (id, req) => containers.kill(id, req.query.get('signal') ?? 'SIGKILL')),
    action('pause', (id) => containers.pause(id)),
    action('unpause', (id) => containers.unpause(id)),
    action('rename', (id, req) => containers.rename(id, req.query.get('name') ?? '')),
    {
      method: 'POST',
      path: '/containers/{id}/resize',
      handler: async (req, res) => {
        const [h, w] = [intParam(req.query, 'h', 0) ?? 0, intParam(req.query, 'w', 0) ?? 0];
        await containers.resize(req.params['id'] ?? '', h, w);
        res.json(200, {});
      },
    },
    {
      method: 'DELETE',
      path: '/containers/{id}',
      handler: noContent((req) =>
        containers.remove(req.params['id'] ?? '', {
          force: boolParam(req.query, 'force'),
          volumes: boolParam(req.query, 'v'),
        }),
      ),
    },
  ];
}

/** Container lifecycle, listing and inspection (streams live in container-streams.routes.ts). */
export function containerRoutes(containers: DockerContainerService): Route[] {
  return [
    ...containerQueryRoutes(containers),
    ...containerLifecycleRoutes(containers),
    {
      method: 'POST',
      path: '/containers/{id}/wait',
      handler: (req, res) => wait(containers, req, res),
    },
  ];
}
