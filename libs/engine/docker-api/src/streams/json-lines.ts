import type { Writable } from 'node:stream';

/**
 * Writes one newline-delimited JSON value. Returns false when the peer is slow (the caller waits
 * for 'drain' where it produces in a loop; event fan-out drops nothing because Node buffers).
 */
export function writeJsonLine(out: Writable, value: unknown): boolean {
  if (out.destroyed || out.writableEnded) return false;
  return out.write(`${JSON.stringify(value)}\n`);
}

/** Waits until `out` can take more data, or it closes. */
export function drained(out: Writable): Promise<void> {
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      out.off('drain', done);
      out.off('close', done);
      resolve();
    };
    out.on('drain', done);
    out.on('close', done);
  });
}
