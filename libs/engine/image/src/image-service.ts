import { EventEmitter } from 'node:events';
import { rm } from 'node:fs/promises';
import { arch } from 'node:os';
import type { Readable } from 'node:stream';

import type { OverlayWhiteouts } from '@wharf/engine-host';
import { AppError } from '@wharf/errors';
import type { Logger } from '@wharf/util';

import { applyConfigChanges } from './config-changes';
import { ContentStore, type Digest } from './content-store';
import { decompressed } from './decompress';
import type {
  ContainerConfigDefaults,
  ImageConfigFile,
  ImageRecord,
  ImageRootfsSource,
} from './image-record';
import { ImageStore, type ImageEntry } from './image-store';
import { familiarDigests, familiarTags } from './image-views';
import { Leases, type Lease } from './leases';
import { chainIdOf, LayerStore, type LayerInfo } from './layer-store';
import { familiarTag, parseReference, tagKey } from './reference';

/** A container that references an image (rmi and prune must not pull an image from under it). */
export interface ImageUser {
  id: string;
  running: boolean;
}

export interface ImageServiceDeps {
  /** `$WHARF_DATA_DIR/engine` */
  engineDir: string;
  whiteouts: OverlayWhiteouts;
  logger: Logger;
  /** Containers using an image, answered by the container service. */
  usersOf(imageId: string): Promise<ImageUser[]>;
}

export interface ImportOptions {
  repo?: string;
  tag?: string;
  message?: string;
  changes?: string[];
}

export interface CommitOptions {
  baseImageId: string;
  config: ContainerConfigDefaults;
  createdBy: string;
  changes?: string[];
  author?: string;
  comment?: string;
  repo?: string;
  tag?: string;
}

export const GO_ARCH: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  s390x: 's390x',
  ppc64: 'ppc64le',
};

/**
 * Images: content store + layer store + metadata, with Docker's naming and removal rules.
 * Emits `event` with Docker image events (import, tag, untag, delete).
 */
export class ImageService extends EventEmitter implements ImageRootfsSource {
  readonly content: ContentStore;
  readonly layers: LayerStore;
  readonly store: ImageStore;
  /** What operations under way hold against garbage collection. */
  readonly leases = new Leases();

  constructor(protected readonly deps: ImageServiceDeps) {
    super();
    this.content = new ContentStore(`${deps.engineDir}/content`);
    this.layers = new LayerStore(`${deps.engineDir}/layers`, this.content, deps.whiteouts);
    this.store = new ImageStore(`${deps.engineDir}/images`, this.content);
  }

  /** Scratch space for archive work (load); emptied at start, so a crash leaves nothing behind. */
  get tmpDir(): string {
    return `${this.deps.engineDir}/tmp/images`;
  }

  async init(): Promise<void> {
    await rm(this.tmpDir, { recursive: true, force: true });
    await this.content.init();
    await this.layers.init();
    await this.store.init();
  }

  /** Finds an image by name[:tag], full ID, or unique ID prefix, as Docker does; else `No such image`. */
  lookup(reference: string): ImageEntry {
    const byId = /^(sha256:)?([0-9a-f]{12,64})$/.exec(reference);
    if (byId && reference.length >= 64) {
      const exact = this.store.get(`sha256:${byId[2]}`);
      if (exact) return exact;
    }
    const tagged = this.tryTag(reference);
    if (tagged) return tagged;
    if (byId) {
      const matches = this.store.all().filter((i) => i.id.slice(7).startsWith(byId[2] ?? ''));
      if (matches.length === 1 && matches[0]) return matches[0];
    }
    throw new AppError('NotFound', 'NO_SUCH_IMAGE', `No such image: ${reference}`);
  }

  private tryTag(reference: string): ImageEntry | undefined {
    try {
      const parsed = parseReference(reference);
      const id = parsed.digest
        ? this.store.digestTarget(`${parsed.repository}@${parsed.digest}`)
        : this.store.tagTarget(tagKey(parsed));
      return id === undefined ? undefined : this.store.get(id);
    } catch {
      return undefined;
    }
  }

  resolve(reference: string): Promise<ImageRecord> {
    return Promise.resolve().then(() => this.record(this.lookup(reference)));
  }

  record(image: ImageEntry): ImageRecord {
    return {
      id: image.id,
      repoTags: familiarTags(this.store.tagsOf(image.id)),
      repoDigests: familiarDigests(this.store.digestsOf(image.id)),
      config: image.config,
      parent: image.parent,
      size: image.size,
      createdAt: image.config.created ?? image.storedAt,
    };
  }

  layerDirs(image: ImageRecord): Promise<string[]> {
    const entry = this.store.get(image.id);
    if (!entry)
      return Promise.reject(
        new AppError('NotFound', 'NO_SUCH_IMAGE', `No such image: ${image.id}`),
      );
    return Promise.resolve([...entry.chainIds].reverse().map((id) => this.layers.diffDir(id)));
  }

  /** `docker import`: one flat layer from a (gzip) tar stream, optional `-c` changes and a tag. */
  async import(source: Readable, options: ImportOptions): Promise<Digest> {
    const config = applyConfigChanges({}, options.changes ?? []);
    const tag = options.repo
      ? parseReference(options.tag ? `${options.repo}:${options.tag}` : options.repo)
      : undefined;
    // Nothing names the blobs until the record does: leased, an rmi beside cannot collect them.
    const id = await this.leases.during(async (lease) => {
      const { digest: diffId } = await this.content.put(await decompressed(source));
      lease.add([diffId]);
      const layer = await this.layers.ensure(diffId, null).catch(async (error: unknown) => {
        await this.content.delete(diffId);
        throw error;
      });
      return this.storeImported(lease, layer, options.message ?? 'Imported from -', config);
    });
    this.publish('import', id, {});
    if (tag) await this.tagImage(id, familiarTag(tag));
    return id;
  }

  private async storeImported(
    lease: Lease,
    layer: LayerInfo,
    comment: string,
    config: ContainerConfigDefaults,
  ): Promise<Digest> {
    const now = new Date().toISOString();
    const file: ImageConfigFile = {
      architecture: GO_ARCH[arch()] ?? arch(),
      os: 'linux',
      created: now,
      comment,
      config,
      rootfs: { type: 'layers', diff_ids: [layer.diffId] },
      history: [{ created: now, created_by: '', comment }],
    };
    const id = await this.content.putBytes(Buffer.from(JSON.stringify(file)));
    lease.add([id]);
    await this.store.put({
      id,
      parent: '',
      chainIds: [layer.chainId],
      size: layer.size,
      storedAt: now,
      config: file,
    });
    return id;
  }

  /**
   * `docker commit`: the container's writable layer on top of its image, with the container's
   * config (plus `-c` changes), author and message; the base image becomes the parent.
   */
  async commit(layer: Readable, options: CommitOptions): Promise<Digest> {
    const base = this.lookup(options.baseImageId);
    return this.leases.during(async (lease) => {
      const { digest: diffId } = await this.content.put(layer);
      const parent = base.chainIds[base.chainIds.length - 1] ?? null;
      lease.add([diffId, chainIdOf(parent, diffId)]);
      const info = await this.layers.ensure(diffId, parent);
      return this.storeCommitted(lease, base, info, options);
    });
  }

  private async storeCommitted(
    lease: Lease,
    base: ImageEntry,
    info: LayerInfo,
    options: CommitOptions,
  ): Promise<Digest> {
    const now = new Date().toISOString();
    const file: ImageConfigFile = {
      ...base.config,
      created: now,
      author: options.author ?? '',
      comment: options.comment ?? '',
      config: applyConfigChanges(options.config, options.changes ?? []),
      rootfs: { type: 'layers', diff_ids: [...base.config.rootfs.diff_ids, info.diffId] },
      history: [
        ...(base.config.history ?? []),
        {
          created: now,
          created_by: options.createdBy,
          comment: options.comment ?? '',
          author: options.author,
        },
      ],
    };
    const id = await this.content.putBytes(Buffer.from(JSON.stringify(file)));
    lease.add([id]);
    await this.store.put({
      id,
      parent: base.id,
      chainIds: [...base.chainIds, info.chainId],
      size: base.size + info.size,
      storedAt: now,
      config: file,
    });
    if (options.repo)
      await this.tagImage(id, options.tag ? `${options.repo}:${options.tag}` : options.repo);
    return id;
  }

  /** `docker tag SOURCE TARGET`. */
  async tag(source: string, repo: string, tag?: string): Promise<void> {
    const image = this.lookup(source);
    await this.tagImage(image.id, `${repo}${tag ? `:${tag}` : ''}`);
  }

  /** Tags an image already in the store (load): the name is validated like `docker tag`'s. */
  tagExisting(id: Digest, name: string): Promise<void> {
    return this.tagImage(id, name);
  }

  protected async tagImage(id: Digest, name: string): Promise<void> {
    const reference = parseReference(name);
    if (reference.digest)
      throw new AppError(
        'InvalidArgument',
        'INVALID_REFERENCE',
        'refusing to create a tag with a digest reference',
      );
    await this.store.setTag(tagKey(reference), id);
    this.publish('tag', id, { name: familiarTag(reference) });
  }

  /** Emits a Docker image event (`pull`, `push`, `tag`, …) on this service's `event` channel. */
  publish(action: string, id: string, attributes: Record<string, string>): void {
    const now = Date.now();
    this.emit('event', {
      Type: 'image',
      Action: action,
      Actor: { ID: id, Attributes: attributes },
      scope: 'local',
      time: Math.floor(now / 1000),
      timeNano: now * 1e6,
    });
  }

  usersOf(imageId: string): Promise<ImageUser[]> {
    return this.deps.usersOf(imageId);
  }

  count(): number {
    return this.store.all().length;
  }
}
