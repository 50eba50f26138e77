import type { Duplex } from 'node:stream';

import type { AttachHandle } from '@wharf/engine-container';
import type { Logger } from '@wharf/util';

import { DetachDetector } from './detach-keys';
import { encodeFrame } from './stdcopy';
import { drained } from './json-lines';

export const RAW_STREAM = 'application/vnd.docker.raw-stream';
export const MULTIPLEXED_STREAM = 'application/vnd.docker.multiplexed-stream';

/**
 * Copies client bytes to the container's stdin; the client's half-close closes stdin only. The
 * detach sequence, when seen, is swallowed and `onDetach` ends the session (the container runs on).
 */
function pumpStdin(
  handle: AttachHandle,
  socket: Duplex,
  log: Logger,
  detector: DetachDetector | undefined,
  onDetach: () => void,
): void {
  // Writes are chained so that bytes typed before the detach keys reach the container before
  // the session (and its stdin connection) is closed.
  let written = Promise.resolve();
  socket.on('data', (chunk: Buffer) => {
    const { forward, detached } = detector?.push(chunk) ?? { forward: chunk, detached: false };
    if (forward.length > 0)
      written = written
        .then(() => handle.writeStdin(forward))
        .catch((error: unknown) => log.debug({ err: error }, 'stdin write failed'));
    if (detached) {
      socket.removeAllListeners('data').removeAllListeners('end');
      void written.then(onDetach);
    }
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
  detachKeys?: Buffer,
): Promise<void> {
  let detach = () => undefined as void;
  const detached = new Promise<'detached'>((resolve) => (detach = () => resolve('detached')));
  if (withStdin)
    pumpStdin(handle, socket, log, detachKeys && new DetachDetector(detachKeys), detach);
  socket.on('error', (error) => log.debug({ err: error }, 'attach connection error'));
  const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const output = handle.output[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await Promise.race([output.next(), detached]);
      if (next === 'detached' || next.done || socket.destroyed) break;
      const chunk = next.value;
      socket.write(handle.tty ? chunk.data : encodeFrame(chunk.stream, chunk.data));
      await Promise.race([drained(socket), gone]);
    }
  } finally {
    if (!socket.destroyed) socket.end();
    await handle.close();
  }
}
