/**
 * Docker's multiplexed stdio framing (attach, exec and logs without a TTY): an 8-byte header
 * `[stream, 0, 0, 0, size uint32 BE]` before each chunk. Stream 0 = stdin, 1 = stdout, 2 = stderr,
 * 3 = system error (moby pkg/stdcopy).
 */
export type StdStream = 'stdin' | 'stdout' | 'stderr' | 'system';

const STREAM_IDS: Record<StdStream, number> = { stdin: 0, stdout: 1, stderr: 2, system: 3 };
const STREAM_NAMES: StdStream[] = ['stdin', 'stdout', 'stderr', 'system'];

/** Frames one chunk. */
export function encodeFrame(stream: StdStream, data: Buffer): Buffer {
  const header = Buffer.alloc(8);
  header.writeUInt8(STREAM_IDS[stream], 0);
  header.writeUInt32BE(data.length, 4);
  return Buffer.concat([header, data]);
}

/** Incremental decoder: feed bytes as they arrive, get whole frames back. */
export class FrameDecoder {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): { stream: StdStream; data: Buffer }[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: { stream: StdStream; data: Buffer }[] = [];
    while (this.pending.length >= 8) {
      const size = this.pending.readUInt32BE(4);
      if (this.pending.length < 8 + size) break;
      const stream = STREAM_NAMES[this.pending.readUInt8(0)] ?? 'system';
      frames.push({ stream, data: this.pending.subarray(8, 8 + size) });
      this.pending = this.pending.subarray(8 + size);
    }
    return frames;
  }
}
