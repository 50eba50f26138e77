import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { DockerContainerService, PathStat } from '@wharf/engine-container';
import { decompressed, extractTarSafely } from '@wharf/engine-image';
import { AppError } from '@wharf/errors';

import type { ApiRequest, ApiResponse, Route } from '../http/api-types';

const STAT_HEADER = 'X-Docker-Container-Path-Stat';

function statHeader(stat: PathStat): string {
  return Buffer.from(JSON.stringify(stat)).toString('base64');
}

function pathParam(req: ApiRequest): string {
  const path = req.query.get('path');
  if (!path)
    throw new AppError('InvalidArgument', 'NO_PATH', 'bad parameter: path cannot be empty');
  return path;
}

async function headArchive(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const stat = await containers.statPath(req.params['id'] ?? '', pathParam(req));
  res.stream(200, { [STAT_HEADER]: statHeader(stat), 'Content-Length': '0' }).end();
}

type SendTar = (tar: Readable, headers: Record<string, string>) => Promise<void>;

/**
 * The response ends only once the engine let go of the container (unpaused, copy mounts gone), so
 * a client that saw the end of the tar can act on the container at once.
 */
async function streamThenEnd(
  res: ApiResponse,
  produce: (send: SendTar) => Promise<void>,
): Promise<void> {
  let out: Writable | undefined;
  await produce(async (tar, headers) => {
    out = res.stream(200, { 'Content-Type': 'application/x-tar', ...headers });
    await pipeline(tar, out, { end: false });
  });
  out?.end();
}

function getArchive(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  return streamThenEnd(res, (send) =>
    containers.getArchive(req.params['id'] ?? '', pathParam(req), (stat, tar) =>
      send(tar, { [STAT_HEADER]: statHeader(stat) }),
    ),
  );
}

/** `docker cp` into a container: the same path-safe extraction as image layers, no whiteouts. */
async function putArchive(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  await containers.putArchive(req.params['id'] ?? '', pathParam(req), req.body, async (body, dir) =>
    extractTarSafely(await decompressed(body), dir),
  );
  res.empty(200);
}

function exportContainer(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  return streamThenEnd(res, (send) =>
    containers.exportRootfs(req.params['id'] ?? '', (tar) => send(tar, {})),
  );
}

/** cp (archive), export and diff: the container's files. */
export function containerFileRoutes(containers: DockerContainerService): Route[] {
  return [
    {
      method: 'HEAD',
      path: '/containers/{id}/archive',
      handler: (req, res) => headArchive(containers, req, res),
    },
    {
      method: 'GET',
      path: '/containers/{id}/archive',
      handler: (req, res) => getArchive(containers, req, res),
    },
    {
      method: 'PUT',
      path: '/containers/{id}/archive',
      handler: (req, res) => putArchive(containers, req, res),
    },
    {
      method: 'GET',
      path: '/containers/{id}/export',
      handler: (req, res) => exportContainer(containers, req, res),
    },
    {
      method: 'GET',
      path: '/containers/{id}/changes',
      handler: async (req, res) => res.json(200, await containers.changes(req.params['id'] ?? '')),
    },
  ];
}
