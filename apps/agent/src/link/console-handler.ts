import { request } from 'node:http';
import { type Duplex } from 'node:stream';

import { type AgentConsoleOpen } from '@wharf/contracts';
import { type Logger } from '@wharf/util';

import { type EngineClient } from './engine-client';
import { type LinkSocket } from './link-socket';

const OUTPUT_ACK_TIMEOUT_MS = 60_000;

interface Session {
  execId: string;
  stream: Duplex;
}

/**
 * Interactive consoles: an exec with a TTY on the local engine, its start request hijacked into a
 * raw stream. Output goes to the server one acknowledged piece at a time (the stream is paused
 * meanwhile), so a slow browser slows the shell instead of growing buffers.
 */
export class ConsoleHandler {
  private readonly sessions = new Map<string, Session>();

  constructor(
    private readonly engine: EngineClient,
    private readonly socketPath: string,
    private readonly logger: Logger,
  ) {}

  attach(socket: LinkSocket): void {
    socket.on('console.open', (open, ack) => {
      this.open(socket, open).then(
        () => ack({ ok: true }),
        (error: unknown) =>
          ack({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    });
    socket.on('console.input', ({ sessionId, data }) =>
      this.sessions.get(sessionId)?.stream.write(data),
    );
    socket.on('console.resize', ({ sessionId, cols, rows }) => {
      const session = this.sessions.get(sessionId);
      if (session !== undefined) void this.resize(session.execId, cols, rows);
    });
    socket.on('console.close', ({ sessionId }) => this.sessions.get(sessionId)?.stream.destroy());
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.stream.destroy();
  }

  private async open(socket: LinkSocket, open: AgentConsoleOpen): Promise<void> {
    const created = await this.engine.call({
      method: 'POST',
      path: `/containers/${encodeURIComponent(open.containerId)}/exec`,
      headers: { 'content-type': 'application/json' },
      body: Buffer.from(
        JSON.stringify({
          AttachStdin: true,
          AttachStdout: true,
          AttachStderr: true,
          Tty: true,
          Cmd: open.cmd,
          ...(open.user ? { User: open.user } : {}),
        }),
      ),
    });
    if (created.status !== 201)
      throw new Error(
        `exec create answered ${created.status}: ${created.body.toString('utf8').slice(0, 200)}`,
      );
    const execId = (JSON.parse(created.body.toString('utf8')) as { Id: string }).Id;
    const stream = await this.hijack(execId);
    this.sessions.set(open.sessionId, { execId, stream });
    await this.resize(execId, open.cols, open.rows);
    void this.pump(socket, open.sessionId, execId, stream);
  }

  private hijack(execId: string): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const body = JSON.stringify({ Detach: false, Tty: true });
      const req = request({
        socketPath: this.socketPath,
        method: 'POST',
        path: `/exec/${execId}/start`,
        headers: {
          host: 'localhost',
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          connection: 'Upgrade',
          upgrade: 'tcp',
        },
      });
      req.on('upgrade', (_res, stream, head) => {
        if (head.length > 0) stream.unshift(head);
        resolve(stream);
      });
      req.on('response', (res) =>
        reject(new Error(`exec start answered ${res.statusCode} without upgrading`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private async pump(
    socket: LinkSocket,
    sessionId: string,
    execId: string,
    stream: Duplex,
  ): Promise<void> {
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        const reply = (await socket
          .timeout(OUTPUT_ACK_TIMEOUT_MS)
          .emitWithAck('console.output', { sessionId, data: chunk.toString('base64') })) as {
          ok: boolean;
        };
        if (!reply.ok) break;
      }
    } catch (error) {
      this.logger.debug(
        { sessionId, err: error instanceof Error ? error.message : String(error) },
        'console stream ended',
      );
    } finally {
      stream.destroy();
      this.sessions.delete(sessionId);
      socket.emit('console.closed', { sessionId, exitCode: await this.exitCode(execId) });
    }
  }

  private async resize(execId: string, cols: number, rows: number): Promise<void> {
    await this.engine
      .call({ method: 'POST', path: `/exec/${execId}/resize?h=${rows}&w=${cols}` })
      .catch((error: unknown) =>
        this.logger.debug(
          { err: error instanceof Error ? error.message : String(error) },
          'console resize failed',
        ),
      );
  }

  private async exitCode(execId: string): Promise<number | null> {
    const res = await this.engine
      .call({ method: 'GET', path: `/exec/${execId}/json` })
      .catch(() => undefined);
    if (res?.status !== 200) return null;
    return (JSON.parse(res.body.toString('utf8')) as { ExitCode?: number | null }).ExitCode ?? null;
  }
}
