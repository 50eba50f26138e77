import { AppError } from '@wharf/errors';
import {
  VOLUME_FILTER_KEYS,
  volumeMatches,
  type CreateVolumeOptions,
  type VolumeService,
} from '@wharf/engine-volume';

import type { ApiRequest, ApiResponse, Route } from '../http/api-types';
import { boolParam, filtersParam } from '../http/query';

function list(
  volumes: VolumeService,
  usersOf: (name: string) => string[],
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const filters = filtersParam(req.query, VOLUME_FILTER_KEYS);
  const rows = volumes.list().filter((v) => volumeMatches(v, usersOf(v.Name).length > 0, filters));
  res.json(200, { Volumes: rows.map(({ anonymous: _anonymous, ...v }) => v), Warnings: [] });
  return Promise.resolve();
}

/** `docker volume prune`: unused anonymous volumes, or all unused ones with `all=true` (Docker 23+). */
async function prune(
  volumes: VolumeService,
  usersOf: (name: string) => string[],
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const filters = filtersParam(req.query, ['label', 'all']);
  const all = ['true', '1'].includes(filters['all']?.[0] ?? '');
  const deleted: string[] = [];
  let reclaimed = 0;
  for (const volume of volumes.list()) {
    if ((!all && !volume.anonymous) || usersOf(volume.Name).length > 0) continue;
    if (!volumeMatches(volume, false, { label: filters['label'] ?? [] })) continue;
    reclaimed += await volumes.sizeOf(volume.Name);
    await volumes.remove(volume.Name);
    deleted.push(volume.Name);
  }
  res.json(200, { VolumesDeleted: deleted, SpaceReclaimed: reclaimed });
}

/** Volume routes (a table entry of routes/index.ts). */
export function volumeRoutes(volumes: VolumeService, usersOf: (name: string) => string[]): Route[] {
  const name = (req: ApiRequest) => req.params['name'] ?? '';
  return [
    { method: 'GET', path: '/volumes', handler: (req, res) => list(volumes, usersOf, req, res) },
    {
      method: 'POST',
      path: '/volumes/create',
      handler: async (req, res) => {
        const body = (await req.json<CreateVolumeOptions>()) ?? {};
        if (typeof body !== 'object')
          throw new AppError('InvalidArgument', 'BAD_BODY', 'invalid volume create request');
        res.json(201, await volumes.create(body));
      },
    },
    {
      method: 'POST',
      path: '/volumes/prune',
      handler: (req, res) => prune(volumes, usersOf, req, res),
    },
    {
      method: 'GET',
      path: '/volumes/{name}',
      handler: (req, res) => Promise.resolve(res.json(200, volumes.get(name(req)))),
    },
    {
      method: 'DELETE',
      path: '/volumes/{name}',
      handler: async (req, res) => {
        await volumes.remove(name(req), boolParam(req.query, 'force'));
        res.empty(204);
      },
    },
  ];
}
