import { request, type IncomingMessage } from 'node:http';

import { AppError } from '@wharf/errors';

export interface EngineResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface EngineRequest {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer;
}

function flatHeaders(res: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  return out;
}

/**
 * Plain HTTP to the local engine's Docker API on its unix socket: the link needs no engine
 * internals, only what any Docker client could ask.
 */
export class EngineClient {
  constructor(private readonly socketPath: string) {}

  /** Starts a request and resolves with the response as a stream (the caller reads or destroys it). */
  open(req: EngineRequest, signal?: AbortSignal): Promise<IncomingMessage> {
    return new Promise((resolve, reject) => {
      const headers: Record<string, string | number> = { host: 'localhost', ...req.headers };
      if (req.body !== undefined) headers['content-length'] = req.body.length;
      const r = request(
        { socketPath: this.socketPath, method: req.method, path: req.path, headers, signal },
        resolve,
      );
      r.on('error', (error) =>
        reject(
          new AppError(
            'Unavailable',
            'ENGINE_UNREACHABLE',
            `the local engine is not reachable: ${error.message}`,
            { cause: error },
          ),
        ),
      );
      r.end(req.body);
    });
  }

  async call(req: EngineRequest): Promise<EngineResponse> {
    const res = await this.open(req);
    const chunks: Buffer[] = [];
    for await (const chunk of res as AsyncIterable<Buffer>) chunks.push(chunk);
    return {
      status: res.statusCode ?? 502,
      headers: flatHeaders(res),
      body: Buffer.concat(chunks),
    };
  }

  /** GET returning JSON; `fallback` when the engine does not have the endpoint (404). */
  async json<T>(path: string, fallback?: T): Promise<T> {
    const res = await this.call({ method: 'GET', path });
    if (res.status === 404 && fallback !== undefined) return fallback;
    if (res.status !== 200)
      throw new AppError(
        'Unavailable',
        'ENGINE_ERROR',
        `GET ${path} answered ${res.status}: ${res.body.toString('utf8').slice(0, 200)}`,
      );
    return JSON.parse(res.body.toString('utf8')) as T;
  }
}

export { flatHeaders };
