import { OperationRequestSchema, type OperationResponse } from '@wharf/contracts';
import { type Logger } from '@wharf/util';

import { type EngineClient, flatHeaders } from './engine-client';
import { type LinkSocket } from './link-socket';

const CHUNK_ACK_TIMEOUT_MS = 120_000;

/**
 * Performs relayed Docker API requests on the local engine. Streamed responses go out one chunk at a
 * time: the next is read from the engine only after the server acknowledged the previous one, so
 * a slow consumer slows the engine read instead of growing buffers.
 */
export class OperationHandler {
  private readonly running = new Map<string, AbortController>();

  constructor(
    private readonly engine: EngineClient,
    private readonly logger: Logger,
  ) {}

  attach(socket: LinkSocket): void {
    socket.on('op.request', (raw, ack) => {
      this.handle(socket, raw, ack).catch((error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        ack({
          status: 502,
          headers: { 'content-type': 'application/json' },
          error: message,
          body: Buffer.from(JSON.stringify({ message })).toString('base64'),
        });
      });
    });
    socket.on('op.cancel', ({ opId }) => this.running.get(opId)?.abort());
  }

  cancelAll(): void {
    for (const controller of this.running.values()) controller.abort();
    this.running.clear();
  }

  private async handle(
    socket: LinkSocket,
    raw: unknown,
    ack: (reply: OperationResponse) => void,
  ): Promise<void> {
    const req = OperationRequestSchema.parse(raw);
    const engineReq = {
      method: req.method,
      path: req.path,
      headers: req.headers,
      body: req.body === undefined ? undefined : Buffer.from(req.body, 'base64'),
    };
    if (!req.stream) {
      const res = await this.engine.call(engineReq);
      ack({ status: res.status, headers: res.headers, body: res.body.toString('base64') });
      return;
    }
    const controller = new AbortController();
    this.running.set(req.opId, controller);
    try {
      const res = await this.engine.open(engineReq, controller.signal);
      ack({ status: res.statusCode ?? 502, headers: flatHeaders(res) });
      for await (const chunk of res as AsyncIterable<Buffer>) {
        const reply = (await socket
          .timeout(CHUNK_ACK_TIMEOUT_MS)
          .emitWithAck('op.data', { opId: req.opId, data: chunk.toString('base64') })) as {
          ok: boolean;
        };
        if (!reply.ok) break;
      }
      socket.emit('op.end', { opId: req.opId });
    } catch (error) {
      const message = controller.signal.aborted
        ? undefined
        : error instanceof Error
          ? error.message
          : String(error);
      if (message !== undefined)
        this.logger.warn({ opId: req.opId, err: message }, 'streamed operation failed');
      socket.emit('op.end', { opId: req.opId, error: message });
    } finally {
      controller.abort();
      this.running.delete(req.opId);
    }
  }
}
