import type { Duplex } from 'node:stream';

import type { AttachHandle } from '@wharf/engine-container';
import type { Logger } from '@wharf/util';

import { encodeFrame } from './stdcopy';
import { drained } from './json-lines';

export const RAW_STREAM = 'application/vnd.docker.raw-stream';
export const MULTIPLEXED_STREAM = 'application/vnd.docker.multiplexed-stream';

/** Copies client bytes to the container's stdin; the client's half-close closes stdin only. */
function pumpStdin(handle: AttachHandle, socket: Duplex, log: Logger): void {
  socket.on('data', (chunk: Buffer) => {
    handle
      .writeStdin(chunk)
      .catch((error: unknown) => log.debug({ err: error }, 'stdin write failed'));
  });
  socket.on('end', () => {
    handle.closeStdin().catch((error: unknown) => log.debug({ err: error }, 'stdin close failed'));
  });
  // The upgrade path pauses the socket while it reads the request body off it.
  socket.resume();
}

/**
 * Wires an attach/exec handle to a hijacked connection: output framed unless it is a TTY,
 * back-pressure respected, and the connection ended when the process output ends.
 */
export async function pumpAttach(
  handle: AttachHandle,
  socket: Duplex,
  log: Logger,
  withStdin: boolean,
): Promise<void> {
  if (withStdin) pumpStdin(handle, socket, log);
  socket.on('error', (error) => log.debug({ err: error }, 'attach connection error'));
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  try {
    for await (const chunk of handle.output) {
      if (socket.destroyed) break;
      socket.write(handle.tty ? chunk.data : encodeFrame(chunk.stream, chunk.data));
      await Promise.race([drained(socket), gone]);
    }
  } finally {
    if (!socket.destroyed) socket.end();
    await handle.close();
  }
}
