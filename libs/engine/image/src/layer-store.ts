import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import type { OverlayWhiteouts } from '@wharf/engine-host';

import { writeFileAtomic } from './atomic-file';
import type { ContentStore, Digest } from './content-store';
import { extractTarSafely } from './safe-extract';

/** One extracted layer: its diff dir is an overlayfs lowerdir. */
export interface LayerInfo {
  chainId: Digest;
  diffId: Digest;
  parent: Digest | null;
  /** Uncompressed size of the layer tar. */
  size: number;
}

/** Docker's chain ID: the first layer's diffID, then sha256("<parent chainID> <diffID>"). */
export function chainIdOf(parent: Digest | null, diffId: Digest): Digest {
  if (parent === null) return diffId;
  return `sha256:${createHash('sha256').update(`${parent} ${diffId}`).digest('hex')}`;
}

/**
 * Extracted layers under `layers/<chainID hex>/diff`. A layer is extracted into a temp dir and renamed
 * into place only when complete, so after a crash a layer is either whole or absent.
 */
export class LayerStore {
  constructor(
    private readonly root: string,
    private readonly content: ContentStore,
    private readonly whiteouts: OverlayWhiteouts,
  ) {}

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    for (const name of await readdir(this.root)) {
      if (name.startsWith('tmp-'))
        await rm(join(this.root, name), { recursive: true, force: true });
    }
  }

  diffDir(chainId: Digest): string {
    return join(this.root, chainId.slice('sha256:'.length), 'diff');
  }

  async get(chainId: Digest): Promise<LayerInfo | undefined> {
    const text = await readFile(
      join(this.root, chainId.slice('sha256:'.length), 'layer.json'),
      'utf8',
    ).catch(() => undefined);
    return text === undefined ? undefined : (JSON.parse(text) as LayerInfo);
  }

  /** Ensures the layer whose uncompressed tar is blob `diffId` is extracted on top of `parent`. */
  async ensure(diffId: Digest, parent: Digest | null): Promise<LayerInfo> {
    const chainId = chainIdOf(parent, diffId);
    const existing = await this.get(chainId);
    if (existing) return existing;
    const temp = join(this.root, `tmp-${randomBytes(8).toString('hex')}`);
    try {
      await mkdir(join(temp, 'diff'), { recursive: true, mode: 0o755 });
      await extractTarSafely(this.content.read(diffId), join(temp, 'diff'), {
        whiteouts: this.whiteouts,
      });
      const info: LayerInfo = { chainId, diffId, parent, size: await this.content.size(diffId) };
      await writeFileAtomic(join(temp, 'layer.json'), JSON.stringify(info));
      await rename(temp, join(this.root, chainId.slice('sha256:'.length)));
      return info;
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  async remove(chainId: Digest): Promise<void> {
    await rm(join(this.root, chainId.slice('sha256:'.length)), { recursive: true, force: true });
  }

  /** Chain IDs of every complete layer on disk. */
  async list(): Promise<Digest[]> {
    return (await readdir(this.root))
      .filter((n) => /^[0-9a-f]{64}$/.test(n))
      .map((n) => `sha256:${n}`);
  }

  async exists(chainId: Digest): Promise<boolean> {
    return stat(this.diffDir(chainId)).then(
      () => true,
      () => false,
    );
  }
}
