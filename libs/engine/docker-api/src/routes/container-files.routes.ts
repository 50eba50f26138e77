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

function getArchive(
  containers: DockerContainerService,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  return containers.getArchive(req.params['id'] ?? '', pathParam(req), async (stat, tar) => {
    await pipeline(
      tar,
      res.stream(200, { 'Content-Type': 'application/x-tar', [STAT_HEADER]: statHeader(stat) }),
    );
  });
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
  return containers.exportRootfs(req.params['id'] ?? '', async (tar) => {
    await pipeline(tar, res.stream(200, { 'Content-Type': 'application/x-tar' }));
  });
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
