import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

import { AppError } from '@wharf/errors';

/** Reads the first bytes of a stream without consuming them. */
async function peek(source: Readable, bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const onReadable = () => {
      const chunk = source.read() as Buffer | null;
      if (chunk === null) return;
      cleanup();
      source.unshift(chunk);
      resolve(chunk.subarray(0, bytes));
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.alloc(0));
    };
    const cleanup = () => {
      source.off('readable', onReadable);
      source.off('end', onEnd);
      source.off('error', reject);
    };
    source.on('readable', onReadable);
    source.once('end', onEnd);
    source.once('error', reject);
  });
}

/**
 * Returns the tar stream inside `source`: plain tar passes through, gzip is inflated; bzip2, xz and
 * zstd are refused with a clear message (Node 20 has no decoder for them).
 */
export async function decompressed(source: Readable): Promise<Readable> {
  const magic = await peek(source, 6);
  if (magic[0] === 0x1f && magic[1] === 0x8b) return source.pipe(createGunzip());
  const unsupported =
    magic.subarray(0, 3).toString('latin1') === 'BZh'
      ? 'bzip2'
      : magic.equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))
        ? 'xz'
        : magic.length >= 4 && magic.readUInt32LE(0) === 0xfd2fb528
          ? 'zstd'
          : undefined;
  if (unsupported)
    throw new AppError(
      'InvalidArgument',
      'UNSUPPORTED_COMPRESSION',
      `unsupported compression format ${unsupported}: use an uncompressed or gzip tar archive`,
    );
  const plain = new PassThrough();
  return source.pipe(plain);
}
