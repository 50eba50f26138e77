import type { Readable, Writable } from 'node:stream';

/** Result of a process run to completion. */
export interface RunResult {
  exitCode: number;
  /** Set when the process died of a signal (exitCode is then 128 + signal number). */
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

export interface RunOptions {
  stdin?: Buffer | string;
  /** Kill (SIGKILL) after this many milliseconds and reject with a timeout error. */
  timeoutMs?: number;
  env?: Record<string, string>;
  cwd?: string;
}

export interface SpawnOptions {
  env?: Record<string, string>;
  cwd?: string;
  /** Start in a new session so the child outlives its parent (conmon). */
  detached?: boolean;
  /** What fd 0 is: a pipe the caller writes, or /dev/null. */
  stdin?: 'pipe' | 'ignore';
  /** stdout/stderr: pipes the caller reads, or /dev/null. */
  output?: 'pipe' | 'ignore';
  /**
   * Number of extra pipes passed as fds 3, 4, … (read side stays with the caller). These and 0–2
   * are the ONLY fds the child gets: nothing else leaks (runc's leaky-fd CVE class).
   */
  extraPipes?: number;
}

export interface ExitStatus {
  exitCode: number;
  signal: string | null;
}

/** A process started by {@link ProcessRunner.spawn}. */
export interface SpawnedProcess {
  readonly pid: number;
  readonly stdin: Writable | null;
  readonly stdout: Readable | null;
  readonly stderr: Readable | null;
  /** Read ends of the extra pipes, in fd order (fd 3 first). */
  readonly extraPipes: Readable[];
  /** Resolves when the process exits (for detached processes too, while this handle lives). */
  wait(): Promise<ExitStatus>;
  /** Stops tracking the child so the parent can exit without it (detached children keep running). */
  release(): void;
}

/**
 * The only way the engine starts processes. Errors: `run` rejects only when the binary cannot be
 * started or times out; a non-zero exit is a normal result.
 */
export abstract class ProcessRunner {
  /** Runs to completion, collecting stdout and stderr. */
  abstract run(command: string, args: readonly string[], options?: RunOptions): Promise<RunResult>;
  /** Starts a long-lived process. */
  abstract spawn(command: string, args: readonly string[], options?: SpawnOptions): SpawnedProcess;
  /** True when a process with this pid exists (and is not a zombie). */
  abstract isAlive(pid: number): Promise<boolean>;
  /** Sends a signal to a pid; false when there is no such process. */
  abstract signal(pid: number, signal: NodeJS.Signals | number): boolean;
  /** Absolute path of a program on PATH, or null. */
  abstract which(program: string): Promise<string | null>;
}
