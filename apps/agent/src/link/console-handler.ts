import { request } from 'node:http';
import { Duplex, PassThrough } from 'node:stream';

import { type AgentConsoleOpen } from '@wharf/contracts';
import { FrameDecoder } from '@wharf/engine-docker-api';
import { type Logger } from '@wharf/util';

import { type EngineClient } from './engine-client';
import { type LinkSocket } from './link-socket';

const OUTPUT_ACK_TIMEOUT_MS = 60_000;

/** What a session is connected to: a new exec instance, or the container's own stdio. */
type Target = { kind: 'exec'; execId: string } | { kind: 'attach'; containerId: string };

interface Session {
  target: Target;
  stream: Duplex;
}

interface ContainerTerminal {
  running: boolean;
  tty: boolean;
  openStdin: boolean;
}

/**
 * Interactive consoles on the local engine: an exec with a TTY, or an attach to the container's
 * main process (`docker attach`), the request hijacked into a raw stream either way. Output goes to
 * the server one acknowledged piece at a time (the stream is paused meanwhile), so a slow browser
 * slows the process instead of growing buffers. Closing an attach session detaches: the container
 * keeps running.
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
        (tty) => ack({ ok: true, tty }),
        (error: unknown) =>
          ack({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    });
    socket.on('console.input', ({ sessionId, data }) =>
      this.sessions.get(sessionId)?.stream.write(data),
    );
    socket.on('console.resize', ({ sessionId, cols, rows }) => {
      const session = this.sessions.get(sessionId);
      if (session !== undefined) void this.resize(session.target, cols, rows);
    });
    socket.on('console.close', ({ sessionId }) => this.sessions.get(sessionId)?.stream.destroy());
  }

  closeAll(): void {
    for (const session of this.sessions.values()) session.stream.destroy();
  }

  /** Opens the session; resolves with whether the far end is a TTY. */
  private async open(socket: LinkSocket, open: AgentConsoleOpen): Promise<boolean> {
    if (open.mode === 'attach') return this.openAttach(socket, open);
    const execId = await this.createExec(open);
    const target: Target = { kind: 'exec', execId };
    const stream = await this.hijack(`/exec/${execId}/start`, { Detach: false, Tty: true });
    await this.start(socket, open, target, stream);
    return true;
  }

  private async openAttach(socket: LinkSocket, open: AgentConsoleOpen): Promise<boolean> {
    const ref = encodeURIComponent(open.containerId);
    const container = await this.terminalOf(ref);
    if (!container.running)
      throw new Error('You cannot attach to a stopped container, start it first');
    const query = `stream=1&stdout=1&stderr=1&stdin=${container.openStdin ? 1 : 0}`;
    const raw = await this.hijack(`/containers/${ref}/attach?${query}`);
    const stream = container.tty ? raw : demultiplexed(raw);
    await this.start(socket, open, { kind: 'attach', containerId: ref }, stream);
    return container.tty;
  }

  private async start(
    socket: LinkSocket,
    open: AgentConsoleOpen,
    target: Target,
    stream: Duplex,
  ): Promise<void> {
    this.sessions.set(open.sessionId, { target, stream });
    await this.resize(target, open.cols, open.rows);
    void this.pump(socket, open.sessionId, target, stream);
  }

  private async createExec(open: AgentConsoleOpen): Promise<string> {
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
    if (created.status !== 201) throw new Error(engineMessage('exec create', created));
    return (JSON.parse(created.body.toString('utf8')) as { Id: string }).Id;
  }

  private async terminalOf(ref: string): Promise<ContainerTerminal> {
    const res = await this.engine.call({ method: 'GET', path: `/containers/${ref}/json` });
    if (res.status !== 200) throw new Error(engineMessage('inspect', res));
    const { State, Config } = JSON.parse(res.body.toString('utf8')) as {
      State?: { Running?: boolean };
      Config?: { Tty?: boolean; OpenStdin?: boolean };
    };
    return {
      running: State?.Running === true,
      tty: Config?.Tty === true,
      openStdin: Config?.OpenStdin === true,
    };
  }

  private hijack(path: string, json?: object): Promise<Duplex> {
    return new Promise((resolve, reject) => {
      const body = json === undefined ? '' : JSON.stringify(json);
      const req = request({
        socketPath: this.socketPath,
        method: 'POST',
        path,
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
        reject(new Error(`${path} answered ${res.statusCode} without upgrading`)),
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  private async pump(
    socket: LinkSocket,
    sessionId: string,
    target: Target,
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
      socket.emit('console.closed', { sessionId, exitCode: await this.exitCode(target) });
    }
  }

  private async resize(target: Target, cols: number, rows: number): Promise<void> {
    const base =
      target.kind === 'exec' ? `/exec/${target.execId}` : `/containers/${target.containerId}`;
    await this.engine
      .call({ method: 'POST', path: `${base}/resize?h=${rows}&w=${cols}` })
      .catch((error: unknown) =>
        this.logger.debug(
          { err: error instanceof Error ? error.message : String(error) },
          'console resize failed',
        ),
      );
  }

  /** The process's exit code; null while it runs (a detached attach session) or when unknown. */
  private async exitCode(target: Target): Promise<number | null> {
    const path =
      target.kind === 'exec'
        ? `/exec/${target.execId}/json`
        : `/containers/${target.containerId}/json`;
    const res = await this.engine.call({ method: 'GET', path }).catch(() => undefined);
    if (res?.status !== 200) return null;
    const body = JSON.parse(res.body.toString('utf8')) as {
      ExitCode?: number | null;
      State?: { Running?: boolean; ExitCode?: number };
    };
    if (target.kind === 'exec') return body.ExitCode ?? null;
    return body.State?.Running === false ? (body.State.ExitCode ?? null) : null;
  }
}

function engineMessage(what: string, res: { status: number; body: Buffer }): string {
  const text = res.body.toString('utf8');
  try {
    return (JSON.parse(text) as { message?: string }).message ?? `${what} answered ${res.status}`;
  } catch {
    return `${what} answered ${res.status}: ${text.slice(0, 200)}`;
  }
}

/**
 * A container without a TTY multiplexes stdout and stderr into frames (8-byte headers); the
 * terminal wants their bytes in order. Writes (stdin) pass through to the raw stream.
 */
function demultiplexed(raw: Duplex): Duplex {
  const decoder = new FrameDecoder();
  const out = new PassThrough();
  raw.on('data', (chunk: Buffer) => {
    const payload = Buffer.concat(decoder.push(chunk).map((f) => f.data));
    if (payload.length > 0 && !out.write(payload)) raw.pause();
  });
  out.on('drain', () => raw.resume());
  raw.on('end', () => out.end());
  raw.on('error', (error) => out.destroy(error));
  const duplex = Duplex.from({ readable: out, writable: raw });
  duplex.on('close', () => raw.destroy());
  return duplex;
}
