import type { IncomingHttpHeaders } from 'node:http';
import type { Duplex, Readable, Writable } from 'node:stream';

import type { Logger } from '@wharf/util';

/** A parsed Engine API request, as a route handler sees it. */
export interface ApiRequest {
  readonly method: string;
  /** Path without the `/v1.NN` prefix. */
  readonly path: string;
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** API version the client asked for (prefix), or the newest we speak. */
  readonly version: string;
  readonly headers: IncomingHttpHeaders;
  /** The raw body (tar uploads, stdin of a non-upgraded attach). */
  readonly body: Readable;
  readonly log: Logger;
  /** Parses a JSON body; an empty body is `undefined`; malformed JSON is a 400. */
  json<T>(): Promise<T | undefined>;
}

/** How a handler answers: one JSON value, a stream, or a hijacked connection. */
export interface ApiResponse {
  json(status: number, value: unknown): void;
  empty(status: number): void;
  /** Starts a streamed (chunked) response; the returned stream honours back-pressure. */
  stream(status: number, headers: Record<string, string>): Writable;
  /**
   * Takes over the connection for raw bidirectional traffic (attach, exec): answers
   * `101 UPGRADED` when the client asked to upgrade, else a raw `200 OK`.
   */
  hijack(contentType: string): Duplex;
  /** Resolves when the client goes away (used to stop follow streams). */
  readonly closed: Promise<void>;
}

export type RouteHandler = (req: ApiRequest, res: ApiResponse) => Promise<void>;

export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'DELETE';

/** A route: `path` uses `{name}` for one segment and `{name*}` for the rest (image names have slashes). */
export interface Route {
  method: HttpMethod;
  path: string;
  handler: RouteHandler;
}
