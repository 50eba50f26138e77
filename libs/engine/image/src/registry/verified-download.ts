import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { AppError } from '@wharf/errors';

/** Reads a whole (small) stream, refusing more than `limit` bytes. */
export async function readLimited(stream: Readable, limit: number, what: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) {
      stream.destroy();
      throw new AppError('InvalidArgument', 'TOO_LARGE', `${what} is larger than ${limit} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function sha256Of(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/**
 * Writes `source` to `path` while hashing it; when the content is not `digest` the file is
 * removed and the error is `<what> verification failed for digest <digest>` (moby's text).
 * `onBytes` sees the running byte count.
 */
export async function downloadVerified(
  source: Readable,
  path: string,
  digest: string,
  what: string,
  onBytes: (total: number) => void,
): Promise<number> {
  const hash = createHash('sha256');
  let size = 0;
  source.on('data', (chunk: Buffer) => {
    hash.update(chunk);
    size += chunk.length;
    onBytes(size);
  });
  try {
    await pipeline(source, createWriteStream(path, { mode: 0o600 }));
    if (`sha256:${hash.digest('hex')}` !== digest)
      throw new AppError(
        'InvalidArgument',
        'DIGEST_MISMATCH',
        `${what} verification failed for digest ${digest}`,
      );
    return size;
  } catch (error) {
    await unlink(path).catch(() => undefined);
    throw error;
  }
}

/** Calls `emit` at most every `intervalMs` (and always for the final value). */
export function throttled(intervalMs: number, emit: (value: number) => void) {
  let last = 0;
  return {
    update(value: number): void {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      emit(value);
    },
    flush(value: number): void {
      emit(value);
    },
  };
}
