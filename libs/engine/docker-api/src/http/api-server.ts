import { randomUUID } from 'node:crypto';
import { chmod, mkdir, unlink } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { connect } from 'node:net';
import { dirname } from 'node:path';
import { Readable, type Duplex } from 'node:stream';

import { AppError, httpStatusOf, isAppError } from '@wharf/errors';
import type { Logger } from '@wharf/util';

import type { ApiRequest, ApiResponse, Route } from './api-types';
import { API_VERSION, ENGINE_VERSION, splitVersionPrefix, versionError } from './api-version';
import { readJsonBody } from './json-body';
import { HttpResponder, UpgradeResponder } from './responders';
import { Router } from './router';

/** Headers moby's middleware puts on every response. */
const COMMON_HEADERS: Record<string, string> = {
  'Api-Version': API_VERSION,
  'Docker-Experimental': 'false',
  Ostype: 'linux',
  Server: `Docker/${ENGINE_VERSION} (linux)`,
};

/**
 * The Engine API over a unix socket: plain node:http (small and fast), hand-written hijacking for
 * attach/exec, one place where errors become Docker's `{"message": ...}` bodies.
 */
export class DockerApiServer {
  private readonly router: Router;
  private readonly server: Server;

  constructor(
    routes: Route[],
    private readonly logger: Logger,
  ) {
    this.router = new Router(routes);
    this.server = createServer((req, res) => {
      for (const [name, value] of Object.entries(COMMON_HEADERS)) res.setHeader(name, value);
      void this.dispatch(req, new HttpResponder(req, res));
    });
    // Long-lived streams (events, logs -f, attach) must not be cut by Node's request timeouts.
    this.server.requestTimeout = 0;
    this.server.headersTimeout = 60_000;
    this.server.keepAliveTimeout = 60_000;
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      void splitUpgradeBody(req, socket, head).then(({ body, rest }) =>
        this.dispatch(
          req,
          new UpgradeResponder(socket, rest, COMMON_HEADERS),
          Readable.from([body]),
        ),
      );
    });
  }

  /** Listens on `socketPath` (mode 0660); replaces a stale socket, refuses when another engine answers. */
  async listen(socketPath: string): Promise<void> {
    await mkdir(dirname(socketPath), { recursive: true, mode: 0o755 });
    if (await socketAnswers(socketPath)) {
      throw new AppError(
        'Conflict',
        'SOCKET_IN_USE',
        `another engine is already listening on ${socketPath}`,
      );
    }
    await unlink(socketPath).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(socketPath, () => resolve());
    });
    await chmod(socketPath, 0o660);
  }

  /** Stops accepting; open streams are cut so the process can exit. */
  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async dispatch(
    req: IncomingMessage,
    res: ApiResponse,
    body: Readable = req,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://docker');
    const { version, path } = splitVersionPrefix(url.pathname);
    const log = this.logger.child({ reqId: randomUUID().slice(0, 8), method: req.method, path });
    try {
      const tooFar = version === undefined ? undefined : versionError(version);
      if (tooFar) throw new AppError('InvalidArgument', 'API_VERSION', tooFar);
      const match = this.router.match(req.method ?? 'GET', path);
      if (match.kind === 'not-found') throw new AppError('NotFound', 'NO_ROUTE', 'page not found');
      const request: ApiRequest = {
        method: req.method ?? 'GET',
        path,
        params: match.params,
        query: url.searchParams,
        version: version ?? API_VERSION,
        headers: req.headers,
        body,
        log,
        json: <T>() => readJsonBody<T>(body),
      };
      await match.handler(request, res);
    } catch (error) {
      sendError(res, error, log);
    }
  }
}

/** The one translation of engine errors into Docker's error responses. */
function sendError(res: ApiResponse, error: unknown, log: Logger): void {
  const status = isAppError(error) ? httpStatusOf(error.category) : 500;
  if (status >= 500) log.error({ err: error }, 'request failed');
  else log.debug({ err: error }, 'request refused');
  const message = error instanceof Error ? error.message : String(error);
  try {
    if (status === 304) res.empty(304);
    else res.json(status, { message });
  } catch (writeError) {
    // The response had already started (a stream failed midway): the connection is all we can end.
    log.debug({ err: writeError }, 'could not send error response');
  }
}

/**
 * On an upgraded connection Node leaves the request body on the socket: the first Content-Length
 * bytes are the JSON body (exec start's `{"Detach":false,"Tty":true}`), everything after is stdin.
 */
async function splitUpgradeBody(
  req: IncomingMessage,
  socket: Duplex,
  head: Buffer,
): Promise<{ body: Buffer; rest: Buffer }> {
  const length = Number(req.headers['content-length'] ?? 0) || 0;
  let buffered = head;
  while (buffered.length < length) {
    const chunk = await new Promise<Buffer | null>((resolve) => {
      const onData = (data: Buffer) => {
        socket.off('end', onEnd);
        resolve(data);
      };
      const onEnd = () => {
        socket.off('data', onData);
        resolve(null);
      };
      socket.once('data', onData);
      socket.once('end', onEnd);
    });
    if (chunk === null) break;
    buffered = Buffer.concat([buffered, chunk]);
  }
  socket.pause();
  return { body: buffered.subarray(0, length), rest: buffered.subarray(length) };
}

function socketAnswers(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.once('connect', () => {
      probe.destroy();
      resolve(true);
    });
    probe.once('error', () => resolve(false));
  });
}
