import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';

import { AppError } from '@wharf/errors';
import { pack } from 'tar-stream';

import type { Digest } from './content-store';
import { decompressed } from './decompress';
import type { ImageConfigFile } from './image-record';
import type { ImageService } from './image-service';
import type { ImageEntry } from './image-store';
import { chainIdOf } from './layer-store';
import type { Lease } from './leases';
import { familiarTag, parseReference, tagKey } from './reference';
import { extractTarSafely, safeComponents } from './safe-extract';

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

function sha256(data: Buffer): Digest {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

function blobPath(digest: Digest): string {
  return `blobs/sha256/${digest.slice(7)}`;
}

/** The OCI manifest of a stored image (uncompressed layers, as they sit in the content store). */
async function manifestOf(service: ImageService, image: ImageEntry): Promise<Buffer> {
  const layers = await Promise.all(
    image.config.rootfs.diff_ids.map(async (diffId) => ({
      mediaType: 'application/vnd.oci.image.layer.v1.tar',
      digest: diffId,
      size: await service.content.size(diffId),
    })),
  );
  const config = {
    mediaType: 'application/vnd.oci.image.config.v1+json',
    digest: image.id,
    size: await service.content.size(image.id),
  };
  return Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config, layers }));
}

/** Docker's legacy `repositories` file: name → tag → image ID hex. */
function addRepositories(
  repositories: Record<string, Record<string, string>>,
  tags: string[],
  id: Digest,
): void {
  for (const tag of tags) {
    const colon = tag.lastIndexOf(':');
    repositories[tag.slice(0, colon)] = {
      ...repositories[tag.slice(0, colon)],
      [tag.slice(colon + 1)]: id.slice(7),
    };
  }
}

/** Each image once, carrying only the tags it was asked for by (none when asked for by ID), as Docker. */
function selectImages(service: ImageService, references: string[]) {
  const selected = new Map<Digest, { image: ImageEntry; tags: Set<string> }>();
  for (const ref of references) {
    const image = service.lookup(ref);
    const entry = selected.get(image.id) ?? { image, tags: new Set<string>() };
    const tag = requestedTag(service, ref, image.id);
    if (tag) entry.tags.add(tag);
    selected.set(image.id, entry);
  }
  return selected;
}

/**
 * `docker save`: one tar holding both an OCI image layout (`oci-layout`, `index.json`, `blobs/`) and
 * Docker's `manifest.json` + `repositories`, as Docker 25+ writes it. Several images share blobs.
 */
export async function saveImages(service: ImageService, references: string[]): Promise<Readable> {
  const selected = selectImages(service, references);
  const tar = pack();
  const written = new Set<string>();
  const addBlob = async (digest: Digest, data?: Buffer) => {
    if (written.has(digest)) return;
    written.add(digest);
    const bytes = data ?? (await readFile(service.content.path(digest)));
    tar.entry(
      { name: blobPath(digest), size: bytes.length, mode: 0o644, mtime: new Date(0) },
      bytes,
    );
  };
  const index: object[] = [];
  const manifests: object[] = [];
  const repositories: Record<string, Record<string, string>> = {};
  for (const { image, tags: requested } of selected.values()) {
    const tags = [...requested];
    const manifest = await manifestOf(service, image);
    await addBlob(image.id);
    for (const diffId of image.config.rootfs.diff_ids) await addBlob(diffId);
    await addBlob(sha256(manifest), manifest);
    index.push({
      mediaType: OCI_MANIFEST,
      digest: sha256(manifest),
      size: manifest.length,
      annotations: tags[0]
        ? {
            'io.containerd.image.name': tags[0],
            'org.opencontainers.image.ref.name': tags[0].split(':').pop(),
          }
        : {},
    });
    manifests.push({
      Config: blobPath(image.id),
      RepoTags: tags,
      Layers: image.config.rootfs.diff_ids.map(blobPath),
    });
    addRepositories(repositories, tags, image.id);
  }
  const meta = (name: string, value: unknown) =>
    tar.entry({ name, mode: 0o644, mtime: new Date(0) }, JSON.stringify(value));
  meta('oci-layout', { imageLayoutVersion: '1.0.0' });
  meta('index.json', {
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.index.v1+json',
    manifests: index,
  });
  meta('manifest.json', manifests);
  if (Object.keys(repositories).length > 0) meta('repositories', repositories);
  tar.finalize();
  return tar as unknown as Readable;
}

/** The familiar `name:tag` a reference names when it is a tag of `id`, else undefined (an ID). */
function requestedTag(service: ImageService, reference: string, id: Digest): string | undefined {
  try {
    const parsed = parseReference(reference);
    return service.store.tagTarget(tagKey(parsed)) === id ? familiarTag(parsed) : undefined;
  } catch {
    return undefined;
  }
}

interface LegacyManifestEntry {
  Config: string;
  RepoTags: string[] | null;
  Layers: string[];
}

/** A path named inside the archive, resolved inside the extraction dir (never outside it). */
function inside(root: string, name: string): string {
  return join(root, ...safeComponents(name));
}

/** Leased until the record names its blobs and layers: an rmi beside cannot collect them. */
function loadOne(
  service: ImageService,
  dir: string,
  entry: LegacyManifestEntry,
): Promise<{ id: Digest; tags: string[] }> {
  return service.leases.during((lease) => loadLeased(service, dir, entry, lease));
}

async function loadLeased(
  service: ImageService,
  dir: string,
  entry: LegacyManifestEntry,
  lease: Lease,
): Promise<{ id: Digest; tags: string[] }> {
  const configBytes = await readFile(inside(dir, entry.Config));
  const config = JSON.parse(configBytes.toString('utf8')) as ImageConfigFile;
  const diffIds = config.rootfs?.diff_ids ?? [];
  if (diffIds.length !== entry.Layers.length)
    throw new AppError(
      'InvalidArgument',
      'BAD_ARCHIVE',
      'invalid archive: the config and the manifest list different layers',
    );
  lease.add(diffIds);
  let parent: Digest | null = null;
  const chainIds: Digest[] = [];
  let size = 0;
  for (const [i, layer] of entry.Layers.entries()) {
    const stored = await service.content.put(
      await decompressed(createReadStream(inside(dir, layer))),
      diffIds[i],
    );
    lease.add([chainIdOf(parent, stored.digest)]);
    const info = await service.layers.ensure(stored.digest, parent);
    chainIds.push(info.chainId);
    size += info.size;
    parent = info.chainId;
  }
  const id = await service.content.putBytes(configBytes);
  lease.add([id]);
  await service.store.put({
    id,
    parent: '',
    chainIds,
    size,
    storedAt: new Date().toISOString(),
    config,
  });
  for (const tag of entry.RepoTags ?? []) await service.tagExisting(id, tag);
  return { id, tags: entry.RepoTags ?? [] };
}

/**
 * `docker load`: a `docker save` archive (plain or gzip) with `manifest.json`. Every layer is verified
 * against the diffID its config names before it becomes a layer; the outer archive is extracted
 * with the same path safety as layers, into a temp dir removed afterwards.
 */
export async function loadImages(
  service: ImageService,
  source: Readable,
  tmpRoot: string,
): Promise<string[]> {
  const dir = join(tmpRoot, `load-${randomBytes(6).toString('hex')}`);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  try {
    await extractTarSafely(await decompressed(source), dir);
    const text = await readFile(join(dir, 'manifest.json'), 'utf8').catch(() => undefined);
    if (text === undefined)
      throw new AppError(
        'InvalidArgument',
        'BAD_ARCHIVE',
        'invalid archive: open manifest.json: no such file or directory',
      );
    const lines: string[] = [];
    for (const entry of JSON.parse(text) as LegacyManifestEntry[]) {
      const { id, tags } = await loadOne(service, dir, entry);
      if (tags.length === 0) lines.push(`Loaded image ID: ${id}`);
      for (const tag of tags) lines.push(`Loaded image: ${tag}`);
    }
    return lines;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
