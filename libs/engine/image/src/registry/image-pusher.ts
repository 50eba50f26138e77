import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';

import { AppError } from '@wharf/errors';

import type { Digest } from '../content-store';
import type { ImageService } from '../image-service';
import type { ImageEntry } from '../image-store';
import { familiarRepository, parseReference, type ImageReference } from '../reference';
import { MEDIA_TYPES, type Descriptor } from './media-types';
import { layerProgress, layerStatus, shortDigest, type ProgressSink } from './progress-format';
import { RegistryClient } from './registry-client';
import type { RegistryCredentials } from './registry-credentials';
import { registryEndpoint } from './registry-endpoint';
import type { RegistrySettings } from './registry-settings';
import { sha256Of, throttled } from './verified-download';

export interface PushRequest {
  /** Repository as `docker push` names it (`127.0.0.1:5000/app`). */
  name: string;
  /** One tag; empty pushes every tag of the repository (`--all-tags`). */
  tag?: string;
  credentials?: RegistryCredentials;
  progress: ProgressSink;
  signal?: AbortSignal;
}

/** Gzips a stored layer into a temp file; its digest and size name the blob to upload. */
async function compressLayer(
  service: ImageService,
  diffId: Digest,
): Promise<Descriptor & { path: string }> {
  const path = join(service.tmpDir, `push-${randomBytes(8).toString('hex')}`);
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      hash.update(chunk);
      size += chunk.length;
      done(null, chunk);
    },
  });
  await pipeline(
    service.content.read(diffId),
    createGzip(),
    counter,
    createWriteStream(path, { mode: 0o600 }),
  );
  return {
    mediaType: MEDIA_TYPES.dockerLayerGzip,
    digest: `sha256:${hash.digest('hex')}`,
    size,
    path,
  };
}

async function pushLayer(
  service: ImageService,
  client: RegistryClient,
  diffId: Digest,
  progress: ProgressSink,
): Promise<Descriptor> {
  const id = shortDigest(diffId);
  const { path, ...descriptor } = await compressLayer(service, diffId);
  try {
    if (await client.hasBlob(descriptor.digest)) {
      progress(layerStatus(id, 'Layer already exists'));
      return descriptor;
    }
    const report = throttled(100, (current) =>
      progress(layerProgress(id, 'Pushing', current, descriptor.size)),
    );
    await client.uploadBlob(descriptor.digest, descriptor.size, () => {
      let sent = 0;
      return createReadStream(path).pipe(
        new Transform({
          transform(chunk: Buffer, _encoding, done) {
            sent += chunk.length;
            report.update(sent);
            done(null, chunk);
          },
        }),
      );
    });
    report.flush(descriptor.size);
    progress(layerStatus(id, 'Pushed'));
    return descriptor;
  } finally {
    await unlink(path).catch(() => undefined);
  }
}

async function pushConfig(
  service: ImageService,
  client: RegistryClient,
  image: ImageEntry,
): Promise<Descriptor> {
  const bytes = await service.content.readBytes(image.id);
  if (!(await client.hasBlob(image.id)))
    await client.uploadBlob(image.id, bytes.length, () => Readable.from([bytes]));
  return { mediaType: MEDIA_TYPES.dockerConfig, digest: image.id, size: bytes.length };
}

/** Pushes one tag: layers (top first, as Docker lists them), config, then the manifest. */
async function pushTag(
  service: ImageService,
  client: RegistryClient,
  reference: ImageReference,
  tag: string,
  progress: ProgressSink,
): Promise<void> {
  const image = service.lookup(`${reference.repository}:${tag}`);
  const diffIds = image.config.rootfs.diff_ids;
  for (const diffId of [...diffIds].reverse())
    progress(layerStatus(shortDigest(diffId), 'Preparing'));
  const layers = new Map<Digest, Descriptor>();
  for (const diffId of [...diffIds].reverse())
    layers.set(diffId, await pushLayer(service, client, diffId, progress));
  const manifest = {
    schemaVersion: 2,
    mediaType: MEDIA_TYPES.dockerManifest,
    config: await pushConfig(service, client, image),
    layers: diffIds.map((d) => layers.get(d)),
  };
  const bytes = Buffer.from(JSON.stringify(manifest, null, 3));
  await client.putManifest(tag, MEDIA_TYPES.dockerManifest, bytes);
  const digest = sha256Of(bytes);
  await service.store.setDigest(`${reference.repository}@${digest}`, image.id);
  progress({ status: `${tag}: digest: ${digest} size: ${bytes.length}` });
  progress({ progressDetail: {}, aux: { Tag: tag, Digest: digest, Size: bytes.length } });
  const named = `${familiarRepository(reference.repository)}:${tag}`;
  service.publish('push', named, { name: named });
}

function tagsToPush(
  service: ImageService,
  reference: ImageReference,
  tag: string | undefined,
): string[] {
  if (tag) return [tag];
  const prefix = `${reference.repository}:`;
  const tags = service.store
    .all()
    .flatMap((image) => service.store.tagsOf(image.id))
    .filter((key) => key.startsWith(prefix))
    .map((key) => key.slice(prefix.length));
  if (tags.length === 0)
    throw new AppError(
      'NotFound',
      'NO_SUCH_IMAGE',
      `An image does not exist locally with the tag: ${familiarRepository(reference.repository)}`,
    );
  return tags.sort();
}

/**
 * `docker push`: gzips each layer, skips blobs the repository already has (HEAD), uploads the
 * rest (streamed, chunked upload) and the config, then puts a Docker schema2 manifest under the
 * tag; the manifest digest becomes a RepoDigest of the image. Progress lines are Docker's.
 */
export async function pushImage(
  service: ImageService,
  settings: RegistrySettings,
  request: PushRequest,
): Promise<void> {
  const reference = parseReference(request.name);
  if (reference.tag || reference.digest)
    throw new AppError(
      'InvalidArgument',
      'INVALID_REFERENCE',
      `invalid repository name: ${request.name}`,
    );
  const tags = tagsToPush(service, reference, request.tag);
  for (const tag of tags) {
    if (service.store.tagTarget(`${reference.repository}:${tag}`) === undefined)
      throw new AppError(
        'NotFound',
        'NO_SUCH_IMAGE',
        `An image does not exist locally with the tag: ${familiarRepository(reference.repository)}`,
      );
  }
  const client = new RegistryClient({
    endpoint: registryEndpoint(reference.repository, settings.insecureRegistries),
    credentials: request.credentials,
    actions: ['pull', 'push'],
    signal: request.signal,
    fetch: settings.fetch,
  });
  request.progress({ status: `The push refers to repository [${reference.repository}]` });
  await mkdir(service.tmpDir, { recursive: true, mode: 0o700 });
  for (const tag of tags) await pushTag(service, client, reference, tag, request.progress);
}
