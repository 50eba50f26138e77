import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Transform } from 'node:stream';

import type { Digest } from '../content-store';
import { decompressed } from '../decompress';
import type { ImageService } from '../image-service';
import type { LayerInfo } from '../layer-store';
import type { Descriptor } from './media-types';
import { layerProgress, layerStatus, shortDigest, type ProgressSink } from './progress-format';
import type { RegistryClient } from './registry-client';
import { downloadVerified, throttled } from './verified-download';

const PROGRESS_INTERVAL_MS = 100;

/** What one pull job knows about one layer. */
export interface LayerJob {
  descriptor: Descriptor;
  diffId: Digest;
  parent: Digest | null;
  /** Set when the layer had to be fetched; resolves to the verified compressed blob's path. */
  download?: Promise<string>;
}

/** At most `limit` downloads at once (dockerd's max-concurrent-downloads, 3 by default). */
export class DownloadSlots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  get full(): boolean {
    return this.active >= this.limit;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await work();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}

/** Downloads one layer blob into `tmpDir`, verified, with Docker's per-layer progress lines. */
export async function downloadLayer(
  client: RegistryClient,
  job: LayerJob,
  tmpDir: string,
  progress: ProgressSink,
): Promise<string> {
  const id = shortDigest(job.descriptor.digest);
  const path = join(tmpDir, `pull-${randomBytes(8).toString('hex')}`);
  const { stream, length } = await client.blob(job.descriptor.digest);
  const total = job.descriptor.size || length || 0;
  const report = throttled(PROGRESS_INTERVAL_MS, (current) =>
    progress(layerProgress(id, 'Downloading', current, total)),
  );
  const size = await downloadVerified(
    stream,
    path,
    job.descriptor.digest,
    'filesystem layer',
    (n) => report.update(n),
  );
  report.flush(size);
  progress(layerStatus(id, 'Verifying Checksum'));
  progress(layerStatus(id, 'Download complete'));
  return path;
}

/**
 * Unpacks a downloaded layer: the compressed blob is inflated into the content store (verified
 * against the config's diffID, through the same `decompressed` sniffing `load` uses) and
 * extracted by the layer store with its tar safety; `Extracting` counts compressed bytes read.
 */
export async function extractLayer(
  service: ImageService,
  job: LayerJob,
  path: string,
  progress: ProgressSink,
): Promise<LayerInfo> {
  const id = shortDigest(job.descriptor.digest);
  const total = job.descriptor.size;
  const report = throttled(PROGRESS_INTERVAL_MS, (current) =>
    progress(layerProgress(id, 'Extracting', current, total)),
  );
  try {
    let read = 0;
    const counted = createReadStream(path).pipe(
      new Transform({
        transform(chunk: Buffer, _encoding, done) {
          read += chunk.length;
          report.update(read);
          done(null, chunk);
        },
      }),
    );
    await service.content.put(await decompressed(counted), job.diffId);
    report.flush(total);
    const info = await service.layers.ensure(job.diffId, job.parent);
    progress(layerStatus(id, 'Pull complete'));
    return info;
  } finally {
    await unlink(path).catch(() => undefined);
  }
}
