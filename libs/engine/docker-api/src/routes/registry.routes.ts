import { arch } from 'node:os';
import type { Writable } from 'node:stream';

import {
  credentialsFrom,
  decodeRegistryAuth,
  errorMessage,
  hostPlatform,
  loginToRegistry,
  parsePlatform,
  pullImage,
  pushImage,
  type ImageService,
  type ProgressMessage,
  type RegistrySettings,
} from '@wharf/engine-image';
import { AppError } from '@wharf/errors';

import type { ApiRequest, ApiResponse, Route } from '../http/api-types';
import { writeJsonLine } from '../streams/json-lines';

function registryAuth(req: ApiRequest) {
  const header = req.headers['x-registry-auth'];
  return decodeRegistryAuth(Array.isArray(header) ? header[0] : header);
}

/**
 * Runs a registry operation that reports Docker JSON progress lines. The 200 stream starts with
 * the first line, so an error before it (unknown manifest, refused credentials) is a plain
 * Docker error response, as dockerd answers; after it, errors are in-stream `errorDetail` lines.
 */
async function progressStream(
  res: ApiResponse,
  work: (progress: (m: ProgressMessage) => void, signal: AbortSignal) => Promise<unknown>,
): Promise<void> {
  const abort = new AbortController();
  void res.closed.then(() => abort.abort());
  let out: Writable | undefined;
  const open = () => (out ??= res.stream(200, { 'Content-Type': 'application/json' }));
  try {
    await work((message) => writeJsonLine(open(), message), abort.signal);
  } catch (error) {
    if (!out) throw error;
    writeJsonLine(out, errorMessage(error instanceof Error ? error.message : String(error)));
  }
  open().end();
}

/** The reference `POST /images/create` names: `fromImage` plus `tag` (a tag or a digest). */
function pullReference(req: ApiRequest): string {
  const fromImage = req.query.get('fromImage') ?? '';
  const tag = req.query.get('tag') ?? '';
  if (!tag) return fromImage;
  return tag.startsWith('sha256:') ? `${fromImage}@${tag}` : `${fromImage}:${tag}`;
}

/** `POST /images/create?fromImage=…`: `docker pull`. */
export function pullRoute(
  images: ImageService,
  settings: RegistrySettings,
  req: ApiRequest,
  res: ApiResponse,
): Promise<void> {
  const reference = pullReference(req);
  if (!reference)
    throw new AppError('InvalidArgument', 'NO_IMAGE', 'fromImage or fromSrc is required');
  const platform = parsePlatform(req.query.get('platform'), hostPlatform(arch()));
  return progressStream(res, (progress, signal) =>
    pullImage(images, settings, {
      reference,
      credentials: registryAuth(req),
      platform,
      progress,
      signal,
    }),
  );
}

/** `POST /images/{name}/push?tag=`: `docker push`. */
function push(images: ImageService, settings: RegistrySettings, req: ApiRequest, res: ApiResponse) {
  return progressStream(res, (progress, signal) =>
    pushImage(images, settings, {
      name: req.params['name'] ?? '',
      tag: req.query.get('tag') || undefined,
      credentials: registryAuth(req),
      progress,
      signal,
    }),
  );
}

/** `POST /auth`: `docker login` checks the credentials against the registry. */
async function login(settings: RegistrySettings, req: ApiRequest, res: ApiResponse) {
  const credentials = credentialsFrom(await req.json());
  if (!credentials)
    throw new AppError('InvalidArgument', 'NO_CREDENTIALS', 'username and password are required');
  res.json(200, await loginToRegistry(settings, credentials));
}

/** Registry routes besides pull (which `POST /images/create` dispatches to `pullRoute`). */
export function registryRoutes(images: ImageService, settings: RegistrySettings): Route[] {
  return [
    {
      method: 'POST',
      path: '/images/{name*}/push',
      handler: (req, res) => push(images, settings, req, res),
    },
    { method: 'POST', path: '/auth', handler: (req, res) => login(settings, req, res) },
  ];
}
