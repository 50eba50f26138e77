import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { Duplex, type Writable } from 'node:stream';

import type { ApiResponse } from './api-types';

function closedPromise(emitter: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => emitter.once('close', () => resolve()));
}

/** Answers on a normal HTTP exchange (Node's ServerResponse). */
export class HttpResponder implements ApiResponse {
  readonly closed: Promise<void>;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
  ) {
    this.closed = closedPromise(res);
  }

  json(status: number, value: unknown): void {
    const body = Buffer.from(`${JSON.stringify(value)}\n`);
    this.res.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': body.length,
    });
    this.res.end(this.req.method === 'HEAD' ? undefined : body);
  }

  empty(status: number): void {
    this.res.writeHead(status);
    this.res.end();
  }

  stream(status: number, headers: Record<string, string>): Writable {
    this.res.writeHead(status, headers);
    this.res.flushHeaders();
    return this.res;
  }

  /** Without an Upgrade header the CLI still expects a raw stream; stdin arrives as the request body. */
  hijack(contentType: string): Duplex {
    this.res.writeHead(200, { 'Content-Type': contentType });
    this.res.flushHeaders();
    const { req, res } = this;
    const duplex = new Duplex({
      read: () => req.resume(),
      write: (chunk: Buffer, _encoding, done) => {
        res.write(chunk, () => done());
      },
      final: (done) => res.end(() => done()),
    });
    req.on('data', (chunk: Buffer) => {
      if (!duplex.push(chunk)) req.pause();
    });
    req.on('end', () => duplex.push(null));
    res.on('close', () => duplex.destroy());
    return duplex;
  }
}

/** Answers on a connection the client asked to upgrade (`Upgrade: tcp`): raw HTTP/1.1 by hand. */
export class UpgradeResponder implements ApiResponse {
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: Duplex,
    private readonly head: Buffer,
    private readonly commonHeaders: Record<string, string>,
  ) {
    this.closed = closedPromise(socket);
  }

  json(status: number, value: unknown): void {
    const body = Buffer.from(`${JSON.stringify(value)}\n`);
    this.writeHead(status, {
      'Content-Type': 'application/json',
      'Content-Length': String(body.length),
    });
    this.socket.end(body);
  }

  empty(status: number): void {
    this.writeHead(status, { 'Content-Length': '0' });
    this.socket.end();
  }

  stream(status: number, headers: Record<string, string>): Writable {
    this.writeHead(status, { ...headers, Connection: 'close' });
    return this.socket;
  }

  hijack(contentType: string): Duplex {
    // The exact bytes moby writes (api/server/router/container/container_routes.go); the CLI needs 101.
    this.socket.write(
      `HTTP/1.1 101 UPGRADED\r\nContent-Type: ${contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n`,
    );
    if (this.head.length > 0) this.socket.unshift(this.head);
    return this.socket;
  }

  private writeHead(status: number, headers: Record<string, string>): void {
    const lines = Object.entries({ ...this.commonHeaders, ...headers }).map(
      ([k, v]) => `${k}: ${v}\r\n`,
    );
    this.socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n${lines.join('')}\r\n`);
  }
}
