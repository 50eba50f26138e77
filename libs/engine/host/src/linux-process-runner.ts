import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { readFileSync, readdirSync } from 'node:fs';
import { access, readFile } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { constants as osConstants } from 'node:os';
import type { Readable } from 'node:stream';

import { AppError } from '@wharf/errors';

import {
  ProcessRunner,
  type ExitStatus,
  type RunOptions,
  type RunResult,
  type SpawnOptions,
  type SpawnedProcess,
} from './process-runner';

const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

function exitOf(code: number | null, signal: NodeJS.Signals | null): ExitStatus {
  if (signal) return { exitCode: 128 + (osConstants.signals[signal] ?? 0), signal };
  return { exitCode: code ?? 0, signal: null };
}

const O_CLOEXEC = 0o2000000;

/**
 * Descriptors above 2 this process inherited without O_CLOEXEC (from whoever started us). libuv
 * opens its own fds close-on-exec, but these would pass straight into every child.
 */
function inheritedFds(): number[] {
  const leaked: number[] = [];
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name);
    if (fd <= 2) continue;
    try {
      const flags = /flags:\s+([0-7]+)/.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1];
      if (flags !== undefined && (parseInt(flags, 8) & O_CLOEXEC) === 0) leaked.push(fd);
    } catch (error) {
      // The fd used to list the directory is gone by now; anything else is a real failure.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return leaked;
}

/**
 * ProcessRunner on node:child_process. libuv opens every descriptor O_CLOEXEC, so a child gets only
 * the stdio entries listed here: 0–2 and the extra pipes asked for (verified by the contract test).
 */
export class LinuxProcessRunner extends ProcessRunner {
  private readonly leaked = inheritedFds();

  constructor(private readonly basePath = DEFAULT_PATH) {
    super();
  }

  /** Routes through bash (which can close multi-digit fds) only when we inherited open fds. */
  private argv(command: string, args: readonly string[], keepBelow: number): [string, string[]] {
    const close = this.leaked.filter((fd) => fd >= keepBelow);
    if (close.length === 0) return [command, [...args]];
    const script = `exec "$@" ${close.map((fd) => `${fd}>&-`).join(' ')}`;
    return ['/bin/bash', ['--norc', '--noprofile', '-c', script, 'wharf-spawn', command, ...args]];
  }

  private envOf(env?: Record<string, string>): Record<string, string> {
    return { PATH: this.basePath, ...env };
  }

  run(command: string, args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
    return new Promise((resolve, reject) => {
      const [bin, argv] = this.argv(command, args, 3);
      const child = spawn(bin, argv, {
        env: this.envOf(options.env),
        cwd: options.cwd,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      let timedOut = false;
      const timer = options.timeoutMs
        ? setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs)
        : undefined;
      child.stdout.on('data', (c: Buffer) => out.push(c));
      child.stderr.on('data', (c: Buffer) => err.push(c));
      child.on('error', (e) => {
        clearTimeout(timer);
        reject(
          new AppError('Internal', 'SPAWN_FAILED', `cannot run ${command}: ${e.message}`, {
            cause: e,
          }),
        );
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (timedOut) {
          reject(
            new AppError(
              'Unavailable',
              'TIMEOUT',
              `${command} ${args.join(' ')} timed out after ${options.timeoutMs} ms`,
            ),
          );
          return;
        }
        resolve({
          ...exitOf(code, signal),
          stdout: Buffer.concat(out),
          stderr: Buffer.concat(err),
        });
      });
      child.stdin.on('error', () => child.stdin.destroy());
      child.stdin.end(options.stdin ?? '');
    });
  }

  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): SpawnedProcess {
    const output = options.output ?? 'pipe';
    const stdio: StdioOptions = [options.stdin ?? 'ignore', output, output];
    for (let i = 0; i < (options.extraPipes ?? 0); i += 1) stdio.push('pipe');
    const [bin, argv] = this.argv(command, args, stdio.length);
    const child = spawn(bin, argv, {
      env: this.envOf(options.env),
      cwd: options.cwd,
      stdio,
      detached: options.detached ?? false,
    });
    return new LinuxSpawnedProcess(child, options.extraPipes ?? 0);
  }

  async isAlive(pid: number): Promise<boolean> {
    try {
      const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
      const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
      return state !== 'Z' && state !== 'X';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw error;
    }
  }

  signal(pid: number, signal: NodeJS.Signals | number): boolean {
    try {
      process.kill(pid, signal);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
      throw error;
    }
  }

  async which(program: string): Promise<string | null> {
    for (const dir of this.basePath.split(delimiter)) {
      const candidate = join(dir, program);
      try {
        await access(candidate, fsConstants.X_OK);
        return candidate;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') continue;
      }
    }
    return null;
  }
}

class LinuxSpawnedProcess implements SpawnedProcess {
  private readonly exited: Promise<ExitStatus>;

  constructor(
    private readonly child: ChildProcess,
    extra: number,
  ) {
    this.exited = new Promise((resolve, reject) => {
      child.once('error', reject);
      child.once('exit', (code, signal) => resolve(exitOf(code, signal)));
    });
    // A spawn failure surfaces through wait(); avoid an unhandled rejection when nobody waits.
    this.exited.catch(() => undefined);
    this.extraPipes = [];
    for (let i = 0; i < extra; i += 1) this.extraPipes.push(child.stdio[3 + i] as Readable);
  }

  readonly extraPipes: Readable[];

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stdin() {
    return this.child.stdin;
  }

  get stdout() {
    return this.child.stdout;
  }

  get stderr() {
    return this.child.stderr;
  }

  wait(): Promise<ExitStatus> {
    return this.exited;
  }

  release(): void {
    for (const pipe of this.extraPipes) pipe.destroy();
    this.child.unref();
  }
}
