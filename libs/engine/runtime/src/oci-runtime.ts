import { type ProcessRunner, type SpawnedProcess } from '@wharf/engine-host';

import { buildConmonArgs, type ConmonOptions } from './conmon-args';
import {
  buildDeleteArgs,
  buildExecArgs,
  buildKillArgs,
  buildPauseArgs,
  buildPsArgs,
  buildResumeArgs,
  buildRunArgs,
  buildStartArgs,
  buildStateArgs,
  buildUpdateArgs,
  type ExecArgsOptions,
} from './runc-args';
import { RuntimeError } from './runtime-error';

/** `runc state` output (runtime-spec state). */
export interface OciState {
  ociVersion: string;
  id: string;
  status: 'creating' | 'created' | 'running' | 'paused' | 'stopped';
  pid: number;
  bundle: string;
}

/** What conmon reported after creating the container. */
export interface ConmonStarted {
  /** Container init pid on the host. */
  pid: number;
}

const TIMEOUT_MS = 60_000;

/**
 * One OCI runtime binary (runc or crun) and the conmon that supervises its containers. Stateless:
 * every call shells out through ProcessRunner; a non-zero exit becomes RuntimeError.
 */
export class OciRuntime {
  constructor(
    readonly name: string,
    readonly path: string,
    readonly root: string,
    private readonly processes: ProcessRunner,
    private readonly conmonPath = 'conmon',
  ) {}

  private get g(): { root: string } {
    return { root: this.root };
  }

  private async exec(op: string, args: string[], stdin?: string): Promise<string> {
    const r = await this.processes.run(this.path, args, { stdin, timeoutMs: TIMEOUT_MS });
    if (r.exitCode !== 0) throw new RuntimeError(op, r.exitCode, r.stderr.toString());
    return r.stdout.toString();
  }

  /** The runtime's view of a container, or null when it does not know the id. */
  async state(id: string): Promise<OciState | null> {
    const r = await this.processes.run(this.path, buildStateArgs(this.g, id), {
      timeoutMs: TIMEOUT_MS,
    });
    if (r.exitCode !== 0) {
      if (/does not exist|not found|No such/i.test(r.stderr.toString())) return null;
      throw new RuntimeError('state', r.exitCode, r.stderr.toString());
    }
    return JSON.parse(r.stdout.toString()) as OciState;
  }

  /**
   * Starts conmon, which runs `<runtime> create` and stays as the container's parent. Resolves with
   * the init pid from the sync pipe; rejects with RuntimeError carrying the runtime's message.
   */
  async createWithConmon(
    options: Omit<ConmonOptions, 'runtimePath' | 'runtimeRoot' | 'conmonPath'>,
  ): Promise<ConmonStarted> {
    const args = buildConmonArgs({ ...options, runtimePath: this.path, runtimeRoot: this.root });
    const child = this.processes.spawn(this.conmonPath, args, {
      detached: true,
      stdin: 'ignore',
      // conmon outlives us; a pipe whose reader went away would SIGPIPE it. Errors come on the sync pipe.
      output: 'ignore',
      extraPipes: 1,
      env: {
        _OCI_SYNCPIPE: '3',
        PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      },
    });
    try {
      const message = await readSyncMessage(child);
      if (message.data < 0)
        throw new RuntimeError('create', 1, message.message ?? 'conmon reported a failure');
      return { pid: message.data };
    } finally {
      child.release();
    }
  }

  async start(id: string): Promise<void> {
    await this.exec('start', buildStartArgs(this.g, id));
  }

  async kill(id: string, signal: string | number, all = false): Promise<void> {
    await this.exec('kill', buildKillArgs(this.g, id, signal, all));
  }

  async delete(id: string, force = false): Promise<void> {
    await this.exec('delete', buildDeleteArgs(this.g, id, force));
  }

  async pause(id: string): Promise<void> {
    await this.exec('pause', buildPauseArgs(this.g, id));
  }

  async resume(id: string): Promise<void> {
    await this.exec('resume', buildResumeArgs(this.g, id));
  }

  /** Applies new LinuxResources (runtime-spec JSON) to a running container. */
  async update(id: string, resources: object): Promise<void> {
    await this.exec('update', buildUpdateArgs(this.g, id), JSON.stringify(resources));
  }

  /** Host pids of every process in the container. */
  async ps(id: string): Promise<number[]> {
    const out = await this.exec('ps', buildPsArgs(this.g, id));
    return (JSON.parse(out || '[]') as number[] | null) ?? [];
  }

  /** Starts `runc exec` with pipes for stdio; the caller reads output and awaits the exit. */
  spawnExec(id: string, options: ExecArgsOptions): SpawnedProcess {
    return this.processes.spawn(this.path, buildExecArgs(this.g, id, options), {
      stdin: 'pipe',
      output: 'pipe',
    });
  }

  /** Runs a throwaway container from a probe bundle: proves the runtime works on this host. */
  async probe(bundle: string, id: string): Promise<{ ok: boolean; reason: string }> {
    const r = await this.processes.run(this.path, buildRunArgs(this.g, id, bundle), {
      timeoutMs: TIMEOUT_MS,
    });
    await this.processes.run(this.path, buildDeleteArgs(this.g, id, true), {
      timeoutMs: TIMEOUT_MS,
    });
    return { ok: r.exitCode === 0, reason: r.stderr.toString().trim() };
  }
}

interface SyncMessage {
  data: number;
  message?: string;
}

async function readSyncMessage(child: SpawnedProcess): Promise<SyncMessage> {
  const pipe = child.extraPipes[0];
  if (!pipe) throw new RuntimeError('create', 1, 'conmon sync pipe missing');
  const chunks: Buffer[] = [];
  for await (const chunk of pipe) {
    chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString();
    const line = text.split('\n').find((l) => l.trim().startsWith('{'));
    if (line) {
      try {
        return JSON.parse(line) as SyncMessage;
      } catch (error) {
        if (text.includes('\n'))
          throw new RuntimeError('create', 1, `bad conmon sync message: ${String(error)}`);
      }
    }
  }
  const exit = await child.wait();
  throw new RuntimeError(
    'create',
    exit.exitCode,
    'conmon exited without reporting a pid (its directories must exist)',
  );
}
