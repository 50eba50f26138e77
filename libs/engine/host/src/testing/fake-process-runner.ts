import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

import {
  ProcessRunner,
  type ExitStatus,
  type RunOptions,
  type RunResult,
  type SpawnOptions,
  type SpawnedProcess,
} from '../process-runner';
import { CallRecorder } from './fake-calls';

export type FakeRunHandler = (
  command: string,
  args: readonly string[],
  options: RunOptions,
) => Partial<RunResult> | undefined;

/** A spawned fake: tests push output with `stdout.write` and end it with `exit(code)`. */
export class FakeSpawnedProcess extends EventEmitter implements SpawnedProcess {
  readonly stdin = new PassThrough();
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly extraPipes: PassThrough[];
  private resolveExit!: (s: ExitStatus) => void;
  private readonly exited = new Promise<ExitStatus>((r) => (this.resolveExit = r));
  released = false;

  constructor(
    readonly pid: number,
    readonly command: string,
    readonly args: readonly string[],
    extra: number,
  ) {
    super();
    this.extraPipes = Array.from({ length: extra }, () => new PassThrough());
  }

  exit(exitCode: number, signal: string | null = null): void {
    this.stdout.end();
    this.stderr.end();
    for (const p of this.extraPipes) p.end();
    this.resolveExit({ exitCode, signal });
  }

  wait(): Promise<ExitStatus> {
    return this.exited;
  }

  release(): void {
    this.released = true;
  }
}

/**
 * Records every run/spawn. `run` answers from handlers (first that returns a result wins), else
 * exit 0 with empty output. Programs "exist" when listed in `installed`.
 */
export class FakeProcessRunner extends ProcessRunner {
  readonly recorder = new CallRecorder();
  readonly spawned: FakeSpawnedProcess[] = [];
  readonly handlers: FakeRunHandler[] = [];
  readonly alive = new Set<number>();
  readonly installed = new Map<string, string>();
  onSpawn: ((p: FakeSpawnedProcess, options: SpawnOptions) => void) | undefined;
  private nextPid = 1000;

  injectError(op: 'run' | 'spawn' | 'isAlive' | 'signal' | 'which', error: Error): void {
    this.recorder.injectError(op, error);
  }

  run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    try {
      this.recorder.record('run', command, [...args], options);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    for (const handler of this.handlers) {
      const r = handler(command, args, options);
      if (r)
        return Promise.resolve({
          exitCode: 0,
          signal: null,
          stdout: Buffer.alloc(0),
          stderr: Buffer.alloc(0),
          ...r,
        });
    }
    return Promise.resolve({
      exitCode: 0,
      signal: null,
      stdout: Buffer.alloc(0),
      stderr: Buffer.alloc(0),
    });
  }

  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): SpawnedProcess {
    this.recorder.record('spawn', command, [...args], options);
    const p = new FakeSpawnedProcess(this.nextPid++, command, args, options.extraPipes ?? 0);
    this.spawned.push(p);
    this.alive.add(p.pid);
    void p.wait().then(() => this.alive.delete(p.pid));
    this.onSpawn?.(p, options);
    return p;
  }

  isAlive(pid: number): Promise<boolean> {
    try {
      this.recorder.record('isAlive', pid);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    return Promise.resolve(this.alive.has(pid));
  }

  signal(pid: number, signal: NodeJS.Signals | number): boolean {
    this.recorder.record('signal', pid, signal);
    return this.alive.has(pid);
  }

  which(program: string): Promise<string | null> {
    this.recorder.record('which', program);
    return Promise.resolve(this.installed.get(program) ?? null);
  }
}
