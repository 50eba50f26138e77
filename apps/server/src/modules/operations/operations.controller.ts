import { All, Controller, Param, Req, Res } from '@nestjs/common';
import { type OperationRequest, type OperationResponse } from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { type Request, type Response } from 'express';

import { Authenticated } from '../access/access.decorators';
import { type PrincipalRequest } from '../access/principal-request';
import { actionContext } from '../audit/audit-context';
import { RespondsRelayed } from '../openapi/responds.decorators';
import { OperationsService, isStreaming } from './operations.service';

const MAX_RAW_BODY = 8 * 1024 * 1024;
const HOP_BY_HOP = new Set([
  'connection',
  'transfer-encoding',
  'content-length',
  'keep-alive',
  'upgrade',
]);
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE']);

/** The body as base64: the JSON the body parser already read, or the raw bytes of anything else. */
async function bodyOf(req: Request): Promise<string | undefined> {
  if (req.body !== undefined && req.readableEnded) {
    const parsed: unknown = req.body;
    return typeof parsed === 'object' &&
      parsed !== null &&
      Object.keys(parsed).length === 0 &&
      req.headers['content-length'] === undefined
      ? undefined
      : Buffer.from(JSON.stringify(parsed)).toString('base64');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_RAW_BODY)
      throw new AppError('TooLarge', 'BODY_TOO_LARGE', 'request body exceeds 8 MiB');
    chunks.push(chunk);
  }
  return size === 0 ? undefined : Buffer.concat(chunks).toString('base64');
}

function writeHead(res: Response, head: OperationResponse): void {
  res.status(head.status);
  for (const [name, value] of Object.entries(head.headers))
    if (!HOP_BY_HOP.has(name.toLowerCase())) res.setHeader(name, value);
}

/** `ANY /api/v1/hosts/:id/docker/<Docker API path>`: relayed to that host's agent. */
@Controller('hosts')
export class OperationsController {
  constructor(private readonly operations: OperationsService) {}

  // Each relayed call is checked per method + path in OperationsService before it is relayed.
  @Authenticated()
  @All(':id/docker/*path')
  @RespondsRelayed(
    "the Docker Engine API's answer, passed through: its status, headers and body (JSON, raw " +
      'bytes, or a stream for logs, attach, events, pull…)',
  )
  async relay(
    @Req() req: PrincipalRequest,
    @Res() res: Response,
    @Param('id') hostId: string,
  ): Promise<void> {
    const request = await this.requestOf(req, hostId);
    if (isStreaming(request.method, request.path))
      return this.relayStream(req, res, hostId, request);
    const reply = await this.operations.perform(actionContext(req), hostId, request);
    writeHead(res, reply);
    res.end(reply.body === undefined ? undefined : Buffer.from(reply.body, 'base64'));
  }

  private async requestOf(req: Request, hostId: string): Promise<Omit<OperationRequest, 'opId'>> {
    const method = req.method.toUpperCase();
    if (!METHODS.has(method))
      throw new AppError('InvalidArgument', 'METHOD_NOT_RELAYABLE', `${method} is not relayable`);
    const prefix = `/hosts/${encodeURIComponent(hostId)}/docker`;
    const at = req.originalUrl.indexOf(prefix);
    const path = at < 0 ? '/' : req.originalUrl.slice(at + prefix.length) || '/';
    const url = new URL(path, 'http://agent');
    url.searchParams.delete('queue');
    const headers: Record<string, string> = {};
    const type = req.headers['content-type'];
    if (typeof type === 'string') headers['content-type'] = type;
    const body = await bodyOf(req);
    return {
      method: method as OperationRequest['method'],
      path: `${url.pathname}${url.search}`,
      headers,
      body,
      stream: false,
    };
  }

  private async relayStream(
    req: Request,
    res: Response,
    hostId: string,
    request: Omit<OperationRequest, 'opId'>,
  ): Promise<void> {
    const sink = (chunk: Buffer) =>
      new Promise<void>((resolve) => {
        if (res.write(chunk)) resolve();
        else res.once('drain', () => resolve());
      });
    const stream = await this.operations.performStream(
      actionContext(req as PrincipalRequest),
      hostId,
      request,
      sink,
    );
    writeHead(res, stream.head);
    if (stream.head.body !== undefined) res.write(Buffer.from(stream.head.body, 'base64'));
    res.flushHeaders();
    res.on('close', () => stream.cancel());
    await stream.done.catch(() => undefined); // the status line is sent; a broken stream just ends early
    res.end();
  }
}
