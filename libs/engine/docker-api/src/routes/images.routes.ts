import {
  IMAGE_FILTER_KEYS,
  loadImages,
  saveImages,
  imageHistory,
  imageInspect,
  imageMatches,
  imageSummary,
  pruneImages,
  removeImage,
  type ImageService,
  type RegistrySettings,
} from '@wharf/engine-image';
import { pipeline } from 'node:stream/promises';

import { AppError } from '@wharf/errors';

import type { ApiRequest, ApiResponse, Route } from '../http/api-types';
import { boolParam, filtersParam } from '../http/query';
import { writeJsonLine } from '../streams/json-lines';
import { pullRoute } from './registry.routes';

/** `POST /images/create`: `fromSrc=-` imports the body; `fromImage` pulls from a registry. */
async function create(
  images: ImageService,
  registry: RegistrySettings,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const fromSrc = req.query.get('fromSrc');
  if (fromSrc === null) return pullRoute(images, registry, req, res);
  if (fromSrc !== '-')
    throw new AppError(
      'InvalidArgument',
      'NO_URL_IMPORT',
      'importing from a URL is not supported: pipe the archive to docker import instead',
    );
  const id = await images.import(req.body, {
    repo: req.query.get('repo') || undefined,
    tag: req.query.get('tag') || undefined,
    message: req.query.get('message') || undefined,
    changes: req.query.getAll('changes'),
  });
  const out = res.stream(200, { 'Content-Type': 'application/json' });
  writeJsonLine(out, { status: id });
  out.end();
}

async function list(images: ImageService, req: ApiRequest, res: ApiResponse): Promise<void> {
  const filters = filtersParam(req.query, IMAGE_FILTER_KEYS);
  const all = boolParam(req.query, 'all');
  const parents = new Set(
    images.store
      .all()
      .map((i) => i.parent)
      .filter(Boolean),
  );
  const rows = [];
  for (const image of images.store.all()) {
    const tags = images.store.tagsOf(image.id);
    if (!all && tags.length === 0 && parents.has(image.id)) continue;
    if (!imageMatches(image, tags, filters, (ref) => images.lookup(ref))) continue;
    rows.push(
      imageSummary(
        image,
        tags,
        (await images.usersOf(image.id)).length,
        images.store.digestsOf(image.id),
      ),
    );
  }
  res.json(
    200,
    rows.sort((a, b) => b.Created - a.Created),
  );
}

async function save(images: ImageService, names: string[], res: ApiResponse): Promise<void> {
  if (names.length === 0) throw new AppError('InvalidArgument', 'NO_NAMES', 'no image names given');
  const archive = await saveImages(images, names);
  const out = res.stream(200, { 'Content-Type': 'application/x-tar' });
  await pipeline(archive, out);
}

async function load(images: ImageService, req: ApiRequest, res: ApiResponse): Promise<void> {
  const lines = await loadImages(images, req.body, images.tmpDir);
  const out = res.stream(200, { 'Content-Type': 'application/json' });
  for (const line of lines) writeJsonLine(out, { stream: `${line}\n` });
  out.end();
}

async function tag(images: ImageService, req: ApiRequest, res: ApiResponse): Promise<void> {
  const repo = req.query.get('repo');
  if (!repo)
    throw new AppError(
      'InvalidArgument',
      'NO_REPO',
      'repository name must have at least one component',
    );
  await images.tag(req.params['name'] ?? '', repo, req.query.get('tag') || undefined);
  res.empty(201);
}

function inspect(images: ImageService, name: string, res: ApiResponse): Promise<void> {
  const image = images.lookup(name);
  res.json(
    200,
    imageInspect(
      image,
      images.store.tagsOf(image.id),
      images.layers,
      images.store.digestsOf(image.id),
    ),
  );
  return Promise.resolve();
}

async function history(images: ImageService, name: string, res: ApiResponse): Promise<void> {
  const image = images.lookup(name);
  const sizes = await Promise.all(
    image.chainIds.map(async (id) => (await images.layers.get(id))?.size ?? 0),
  );
  res.json(200, imageHistory(image, images.store.tagsOf(image.id), sizes));
}

/** Image routes (a table entry of routes/index.ts). */
export function imageRoutes(
  images: ImageService,
  registry: RegistrySettings = { insecureRegistries: [] },
): Route[] {
  const name = (req: ApiRequest) => req.params['name'] ?? '';
  const force = (req: ApiRequest) => ({ force: boolParam(req.query, 'force') });
  return [
    {
      method: 'POST',
      path: '/images/create',
      handler: (req, res) => create(images, registry, req, res),
    },
    { method: 'GET', path: '/images/json', handler: (req, res) => list(images, req, res) },
    {
      method: 'GET',
      path: '/images/get',
      handler: (req, res) => save(images, req.query.getAll('names'), res),
    },
    { method: 'POST', path: '/images/load', handler: (req, res) => load(images, req, res) },
    {
      method: 'POST',
      path: '/images/prune',
      handler: async (req, res) =>
        res.json(200, await pruneImages(images, filtersParam(req.query))),
    },
    {
      method: 'GET',
      path: '/images/{name*}/get',
      handler: (req, res) => save(images, [name(req)], res),
    },
    {
      method: 'GET',
      path: '/images/{name*}/json',
      handler: (req, res) => inspect(images, name(req), res),
    },
    {
      method: 'GET',
      path: '/images/{name*}/history',
      handler: (req, res) => history(images, name(req), res),
    },
    { method: 'POST', path: '/images/{name*}/tag', handler: (req, res) => tag(images, req, res) },
    {
      method: 'DELETE',
      path: '/images/{name*}',
      handler: async (req, res) => res.json(200, await removeImage(images, name(req), force(req))),
    },
  ];
}
