import { open, stat } from 'node:fs/promises';

import type { Clock, ProcessRunner, SpawnedProcess } from '@wharf/engine-host';

import type { AttachHandle, AttachOptions, OutputStream } from './container-types';

/** What an attach session needs to know about its container, read fresh on every poll. */
export interface AttachTarget {
  logPath: string;
  /** conmon's SOCK_SEQPACKET attach socket. */
  socketPath: string;
  tty: boolean;
  /** Container was created with `-i`. */
  openStdin: boolean;
  /** 'created' until started; 'live' while running or restarting; 'done' once exited or removed. */
  phase(): 'created' | 'live' | 'done';
  resize(height: number, width: number): Promise<void>;
}

const BRIDGE_EXIT_MS = 2000;
const POLL_MS = 50;

/** Parses complete k8s-file lines for a live stream: partial (`P`) records are passed on as they come. */
export function parseLiveLog(text: string): { stream: OutputStream; data: Buffer }[] {
  const out: { stream: OutputStream; data: Buffer }[] = [];
  for (const line of text.split('\n')) {
    const m = /^\S+ (stdout|stderr) ([FP]) ?([^\n]*)$/.exec(line);
    if (!m) continue;
    out.push({
      stream: m[1] as OutputStream,
      data: Buffer.from(m[2] === 'F' ? `${m[3] ?? ''}\n` : (m[3] ?? '')),
    });
  }
  return out;
}

async function readComplete(path: string, offset: number): Promise<{ text: string; next: number }> {
  const size = await stat(path).then(
    (s) => s.size,
    () => 0,
  );
  if (size <= offset) return { text: '', next: offset };
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(size - offset);
    await handle.read(buffer, 0, buffer.length, offset);
    const end = buffer.lastIndexOf(0x0a);
    return end < 0
      ? { text: '', next: offset }
      : { text: buffer.subarray(0, end + 1).toString('utf8'), next: offset + end + 1 };
  } finally {
    await handle.close();
  }
}

/**
 * `docker attach` on a conmon container. Output is read from conmon's k8s-file log (conmon writes
 * every byte there, and it survives engine restarts); stdin goes to conmon's attach socket. Node
 * has no SOCK_SEQPACKET, so `socat` bridges it: each write becomes one packet, which is how conmon
 * expects stdin. Closing stdin closes the socket, and conmon then closes the container's stdin
 * (stdin-once), as `docker run -i` needs.
 */
export class AttachSession implements AttachHandle {
  readonly tty: boolean;
  private bridge: SpawnedProcess | undefined;
  private pendingStdin: Buffer[] = [];
  private stdinClosed = false;
  private closed = false;
  private markDrained: () => void = () => undefined;
  /** Resolves once the session has delivered everything (or was closed): auto-remove waits for it. */
  readonly drained = new Promise<void>((resolve) => {
    this.markDrained = resolve;
  });

  constructor(
    private readonly target: AttachTarget,
    private readonly options: AttachOptions,
    private readonly processes: ProcessRunner,
    private readonly clock: Clock,
    private readonly startOffset: number,
  ) {
    this.tty = target.tty;
  }

  get output(): AsyncIterable<{ stream: OutputStream; data: Buffer }> {
    return this.follow();
  }

  private wanted(stream: OutputStream): boolean {
    return stream === 'stdout' ? this.options.stdout !== false : this.options.stderr !== false;
  }

  private async *follow(): AsyncGenerator<{ stream: OutputStream; data: Buffer }> {
    try {
      yield* this.followLog();
    } finally {
      this.markDrained();
    }
  }

  private async *followLog(): AsyncGenerator<{ stream: OutputStream; data: Buffer }> {
    let offset = this.startOffset;
    while (!this.closed && this.target.phase() === 'created') await this.clock.sleep(POLL_MS);
    this.flushStdin();
    for (;;) {
      const phase = this.target.phase();
      const chunk = await readComplete(this.target.logPath, offset);
      offset = chunk.next;
      for (const entry of parseLiveLog(chunk.text)) if (this.wanted(entry.stream)) yield entry;
      if (this.closed || (phase === 'done' && chunk.text === '')) return;
      if (chunk.text === '') await this.clock.sleep(POLL_MS);
    }
  }

  writeStdin(data: Buffer): Promise<void> {
    if (!this.options.stdin || !this.target.openStdin || this.stdinClosed) return Promise.resolve();
    this.pendingStdin.push(data);
    this.flushStdin();
    return Promise.resolve();
  }

  /** Connects the bridge once the container runs (the socket exists from start on), then flushes. */
  private flushStdin(): void {
    if (this.pendingStdin.length === 0 && !this.stdinClosed) return;
    if (!this.bridge) {
      if (this.target.phase() !== 'live') return;
      this.bridge = this.processes.spawn(
        'socat',
        ['-u', 'STDIN', `UNIX-CONNECT:${this.target.socketPath},type=5`],
        { stdin: 'pipe', output: 'ignore' },
      );
    }
    const stdin = this.bridge.stdin;
    for (const chunk of this.pendingStdin.splice(0)) stdin?.write(chunk);
    if (this.stdinClosed) stdin?.end();
  }

  async closeStdin(): Promise<void> {
    this.stdinClosed = true;
    if (!this.options.stdin || !this.target.openStdin) return;
    while (!this.bridge && this.target.phase() === 'created' && !this.closed)
      await this.clock.sleep(POLL_MS);
    this.flushStdin();
  }

  resize(height: number, width: number): Promise<void> {
    return this.target.resize(height, width);
  }

  /**
   * Ends the session. The bridge gets EOF rather than a signal so that bytes already handed to it
   * (typed just before a detach) still reach the container; conmon runs with --leave-stdin-open,
   * so the container's stdin stays open. A bridge that does not exit promptly is terminated.
   */
  async close(): Promise<void> {
    this.closed = true;
    this.markDrained();
    const bridge = this.bridge;
    if (!bridge || this.stdinClosed) return;
    bridge.stdin?.end();
    const exited = await Promise.race([
      bridge.wait().then(() => true),
      this.clock.sleep(BRIDGE_EXIT_MS).then(() => false),
    ]);
    if (!exited) this.processes.signal(bridge.pid, 'SIGTERM');
  }
}
