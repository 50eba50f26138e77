import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { writeFileAtomic } from './atomic-file';
import type { ContentStore, Digest } from './content-store';
import type { ImageConfigFile } from './image-record';

/** What the store keeps about an image besides its config blob. */
export interface StoredImage {
  id: Digest;
  parent: string;
  /** Chain IDs of its layers, bottom first. */
  chainIds: Digest[];
  size: number;
  /** When this engine got the image (Docker's Metadata.LastTagTime is separate). */
  storedAt: string;
}

export interface ImageEntry extends StoredImage {
  config: ImageConfigFile;
}

/**
 * Image metadata: one record file per image and one tag index, all written atomically, all held
 * in memory so listing never touches the disk. The image record is written last in an import, so
 * a crash before it leaves only unreferenced blobs and layers (garbage, never a half image).
 */
export class ImageStore {
  private readonly images = new Map<Digest, ImageEntry>();
  private tags = new Map<string, Digest>();
  /** `repository@sha256:<manifest digest>` → image ID (Docker's RepoDigests). */
  private digests = new Map<string, Digest>();
  private readonly recordsDir: string;
  private readonly tagsFile: string;
  private readonly digestsFile: string;

  constructor(
    root: string,
    private readonly content: ContentStore,
  ) {
    this.recordsDir = join(root, 'records');
    this.tagsFile = join(root, 'repositories.json');
    this.digestsFile = join(root, 'repo-digests.json');
  }

  async init(): Promise<void> {
    await mkdir(this.recordsDir, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.recordsDir)) {
      if (!/^[0-9a-f]{64}\.json$/.test(name)) continue;
      const stored = JSON.parse(await readFile(join(this.recordsDir, name), 'utf8')) as StoredImage;
      const config = JSON.parse(
        (await this.content.readBytes(stored.id)).toString('utf8'),
      ) as ImageConfigFile;
      this.images.set(stored.id, { ...stored, config });
    }
    const text = await readFile(this.tagsFile, 'utf8').catch(() => '{}');
    const tags = Object.entries(JSON.parse(text) as Record<string, Digest>).filter(([, id]) =>
      this.images.has(id),
    );
    this.tags = new Map(tags);
    const digests = await readFile(this.digestsFile, 'utf8').catch(() => '{}');
    this.digests = new Map(
      Object.entries(JSON.parse(digests) as Record<string, Digest>).filter(([, id]) =>
        this.images.has(id),
      ),
    );
  }

  all(): ImageEntry[] {
    return [...this.images.values()];
  }

  get(id: Digest): ImageEntry | undefined {
    return this.images.get(id);
  }

  async put(entry: ImageEntry): Promise<void> {
    const { config: _config, ...stored } = entry;
    await writeFileAtomic(
      join(this.recordsDir, `${entry.id.slice(7)}.json`),
      JSON.stringify(stored),
    );
    this.images.set(entry.id, entry);
  }

  async delete(id: Digest): Promise<void> {
    for (const [key, target] of this.tags) if (target === id) this.tags.delete(key);
    await this.saveTags();
    for (const [key, target] of this.digests) if (target === id) this.digests.delete(key);
    await this.saveDigests();
    await rm(join(this.recordsDir, `${id.slice(7)}.json`), { force: true });
    this.images.delete(id);
  }

  tagTarget(key: string): Digest | undefined {
    return this.tags.get(key);
  }

  tagsOf(id: Digest): string[] {
    return [...this.tags].filter(([, target]) => target === id).map(([key]) => key);
  }

  /** Points `key` at `id`; returns the image that lost the tag, if any. */
  async setTag(key: string, id: Digest): Promise<Digest | undefined> {
    const previous = this.tags.get(key);
    this.tags.set(key, id);
    await this.saveTags();
    return previous === id ? undefined : previous;
  }

  async removeTag(key: string): Promise<void> {
    this.tags.delete(key);
    await this.saveTags();
  }

  /** The image a `repository@digest` key names (pulled or pushed by that manifest digest). */
  digestTarget(key: string): Digest | undefined {
    return this.digests.get(key);
  }

  /** Fully qualified `repository@sha256:…` keys of an image. */
  digestsOf(id: Digest): string[] {
    return [...this.digests].filter(([, target]) => target === id).map(([key]) => key);
  }

  /** Records that manifest `key` (`repository@digest`) resolves to image `id`; true when new. */
  async setDigest(key: string, id: Digest): Promise<boolean> {
    if (this.digests.get(key) === id) return false;
    this.digests.set(key, id);
    await this.saveDigests();
    return true;
  }

  private saveDigests(): Promise<void> {
    return writeFileAtomic(
      this.digestsFile,
      JSON.stringify(Object.fromEntries(this.digests), null, 1),
    );
  }

  private saveTags(): Promise<void> {
    return writeFileAtomic(this.tagsFile, JSON.stringify(Object.fromEntries(this.tags), null, 1));
  }
}
