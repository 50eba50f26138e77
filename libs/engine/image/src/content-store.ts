import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, type ReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { AppError } from '@wharf/errors';

/** `sha256:<64 hex>` */
export type Digest = string;

const DIGEST = /^sha256:([0-9a-f]{64})$/;

function hexOf(digest: Digest): string {
  const match = DIGEST.exec(digest);
  if (!match?.[1]) throw new AppError('InvalidArgument', 'BAD_DIGEST', `invalid digest: ${digest}`);
  return match[1];
}

/**
 * Blobs by digest (containerd's content store): a blob is hashed while it is written to a temp
 * file and only renamed into place when the digest is what it must be, so a crash or a bad
 * upload never leaves a blob whose name lies about its content.
 */
export class ContentStore {
  private readonly blobs: string;
  private readonly ingest: string;

  constructor(root: string) {
    this.blobs = join(root, 'blobs', 'sha256');
    this.ingest = join(root, 'ingest');
  }

  async init(): Promise<void> {
    await mkdir(this.blobs, { recursive: true, mode: 0o700 });
    // Half-written blobs from a crash are garbage by definition.
    await rm(this.ingest, { recursive: true, force: true });
    await mkdir(this.ingest, { recursive: true, mode: 0o700 });
  }

  path(digest: Digest): string {
    return join(this.blobs, hexOf(digest));
  }

  async has(digest: Digest): Promise<boolean> {
    return stat(this.path(digest)).then(
      () => true,
      () => false,
    );
  }

  /** Stores a stream; verifies `expected` when given; returns the digest and size. */
  async put(source: Readable, expected?: Digest): Promise<{ digest: Digest; size: number }> {
    const temp = join(this.ingest, randomBytes(8).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    source.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      size += chunk.length;
    });
    try {
      await pipeline(source, createWriteStream(temp, { mode: 0o600 }));
      const digest = `sha256:${hash.digest('hex')}`;
      if (expected !== undefined && expected !== digest) {
        throw new AppError(
          'InvalidArgument',
          'DIGEST_MISMATCH',
          `digest mismatch: expected ${expected}, got ${digest}`,
        );
      }
      // Nothing is awaited after the rename: a caller leases the new digest before any other
      // I/O callback, so before a garbage collection, can run.
      await rename(temp, this.path(digest));
      return { digest, size };
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }

  async putBytes(data: Buffer): Promise<Digest> {
    return (await this.put(Readable.from([data]))).digest;
  }

  read(digest: Digest): ReadStream {
    return createReadStream(this.path(digest));
  }

  readBytes(digest: Digest): Promise<Buffer> {
    return readFile(this.path(digest));
  }

  async size(digest: Digest): Promise<number> {
    return (await stat(this.path(digest))).size;
  }

  async delete(digest: Digest): Promise<void> {
    await rm(this.path(digest), { force: true });
  }

  async list(): Promise<Digest[]> {
    return (await readdir(this.blobs))
      .filter((n) => /^[0-9a-f]{64}$/.test(n))
      .map((n) => `sha256:${n}`);
  }
}
