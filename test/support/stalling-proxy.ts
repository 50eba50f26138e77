import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';

import { freePort, type StartedService } from './services';

/**
 * A loopback HTTP proxy in front of a registry that can freeze one blob download half way: it
 * sends the headers and half the bytes, then holds the rest until released, and reports that it
 * got there. A test acts at that moment (a kill, an rmi), knowing the pull is mid-download
 * without guessing a delay.
 */
export interface StallingProxy extends StartedService {
  /** `127.0.0.1:<port>`: image references through the proxy use this host. */
  address: string;
  /** Freezes the next GET of blob `digest`; resolves once half of it has been sent. */
  stallOn(digest: string): Promise<void>;
  /** Lets every later request through whole. */
  passThrough(): void;
  /** Sends the rest of every frozen download. */
  release(): void;
}

interface Stall {
  digest: string;
  reached: () => void;
}

/** Sends half of the body, then holds the rest; returns what sends the rest. */
function sendHalfThenHold(upstream: IncomingMessage, res: ServerResponse, reached: () => void) {
  let left = Math.floor(Number(upstream.headers['content-length'] ?? 0) / 2);
  let held: Buffer = Buffer.alloc(0);
  const forward = (chunk: Buffer) => {
    if (chunk.length < left) {
      res.write(chunk);
      left -= chunk.length;
      return;
    }
    res.write(chunk.subarray(0, left));
    held = chunk.subarray(left);
    upstream.off('data', forward);
    upstream.pause();
    reached();
  };
  upstream.on('data', forward);
  return () => {
    res.write(held);
    upstream.pipe(res);
  };
}

export async function startStallingProxy(target: string): Promise<StallingProxy> {
  let stall: Stall | undefined;
  let frozen: (() => void)[] = [];
  const server = createServer((req, res) => {
    const armed =
      stall && req.method === 'GET' && req.url?.endsWith(`/blobs/${stall.digest}`)
        ? stall
        : undefined;
    if (armed) stall = undefined;
    const upstreamRequest = request(
      `${target}${req.url ?? '/'}`,
      { method: req.method, headers: req.headers },
      (upstream) => {
        res.writeHead(upstream.statusCode ?? 502, upstream.headers);
        if (armed) frozen.push(sendHalfThenHold(upstream, res, armed.reached));
        else upstream.pipe(res);
      },
    );
    upstreamRequest.on('error', () => res.destroy());
    req.pipe(upstreamRequest);
  });
  const port = await freePort();
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    address: `127.0.0.1:${port}`,
    stallOn: (digest) => new Promise<void>((reached) => (stall = { digest, reached })),
    passThrough: () => (stall = undefined),
    release: () => {
      for (const sendRest of frozen) sendRest();
      frozen = [];
    },
    stop: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
