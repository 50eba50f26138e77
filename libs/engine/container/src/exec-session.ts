import { randomBytes } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { ProcessRunner, SpawnedProcess } from '@wharf/engine-host';
import { AppError } from '@wharf/errors';

import { writeFileAtomic } from './container-store';
import type { AttachHandle, ExecCreateBody, ExecInspect, OutputStream } from './container-types';
import { mergeEnv, resolveUser } from './process-config';

/** An exec instance, from `exec create` until the engine forgets it. */
export interface ExecRecord {
  id: string;
  containerId: string;
  body: ExecCreateBody;
  running: boolean;
  exitCode: number | null;
  pid: number;
}

export interface ExecTarget {
  containerId: string;
  bundleDir: string;
  runtimePath: string;
  runtimeRoot: string;
  passwd: string;
  group: string;
}

interface OciProcess {
  terminal?: boolean;
  args: string[];
  env: string[];
  cwd: string;
  user: { uid: number; gid: number; additionalGids?: number[] };
  [key: string]: unknown;
}

/** The container's own process spec with the exec's command, env, user and workdir: same capabilities. */
export async function execProcessSpec(
  target: ExecTarget,
  body: ExecCreateBody,
): Promise<OciProcess> {
  const spec = JSON.parse(await readFile(join(target.bundleDir, 'config.json'), 'utf8')) as {
    process: OciProcess;
  };
  const user = body.User ? resolveUser(body.User, target.passwd, target.group) : undefined;
  return {
    ...spec.process,
    terminal: !!body.Tty,
    args: body.Cmd,
    env: mergeEnv(spec.process.env, body.Env ?? []),
    cwd: body.WorkingDir || spec.process.cwd,
    user: user
      ? {
          uid: user.uid,
          gid: user.gid,
          ...(user.additionalGids.length ? { additionalGids: user.additionalGids } : {}),
        }
      : spec.process.user,
  };
}

/** Merges a child's stdout and stderr into one ordered stream of chunks. */
async function* outputOf(
  child: SpawnedProcess,
  tty: boolean,
): AsyncGenerator<{ stream: OutputStream; data: Buffer }> {
  const queue: { stream: OutputStream; data: Buffer }[] = [];
  let open = (child.stdout ? 1 : 0) + (child.stderr && !tty ? 1 : 0);
  let wake: (() => void) | undefined;
  const push = (stream: OutputStream) => (data: Buffer) => {
    queue.push({ stream, data });
    wake?.();
  };
  const closed = () => {
    open -= 1;
    wake?.();
  };
  child.stdout?.on('data', push('stdout')).on('end', closed);
  if (!tty) child.stderr?.on('data', push('stderr')).on('end', closed);
  while (open > 0 || queue.length > 0) {
    const next = queue.shift();
    if (next) yield next;
    else await new Promise<void>((resolve) => (wake = resolve));
  }
}

/**
 * Runs an exec through the runtime's own `exec`, with pipes. A TTY exec gets its pty from `script`
 * (runc allocates the container-side pty only when its own stdin is a terminal, and Node cannot
 * receive runc's console-socket fd).
 */
export async function startExec(
  record: ExecRecord,
  target: ExecTarget,
  processes: ProcessRunner,
  onExit: (code: number) => void,
): Promise<AttachHandle> {
  const tty = !!record.body.Tty;
  const specPath = join(target.bundleDir, `exec-${record.id}.json`);
  await writeFileAtomic(specPath, JSON.stringify(await execProcessSpec(target, record.body)));
  const runc = [
    target.runtimePath,
    '--root',
    target.runtimeRoot,
    'exec',
    ...(tty ? ['-t'] : []),
    '--process',
    specPath,
    target.containerId,
  ];
  const child = tty
    ? processes.spawn(
        'script',
        ['-qfec', runc.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' '), '/dev/null'],
        { stdin: 'pipe', output: 'pipe' },
      )
    : processes.spawn(runc[0] ?? 'runc', runc.slice(1), { stdin: 'pipe', output: 'pipe' });
  record.running = true;
  record.pid = child.pid;
  const exited = child.wait().then(async (status) => {
    record.running = false;
    record.exitCode = status.exitCode;
    await rm(specPath, { force: true });
    onExit(status.exitCode);
  });
  return {
    tty,
    output: (async function* () {
      yield* outputOf(child, tty);
      await exited;
    })(),
    writeStdin: (data) =>
      new Promise<void>((resolve) => child.stdin?.write(data, () => resolve()) ?? resolve()),
    closeStdin: () => {
      // Without -i the client never had stdin: closing it would make script(1) type ^D/^@ into the pty.
      if (record.body.AttachStdin) child.stdin?.end();
      return Promise.resolve();
    },
    resize: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}

export function newExecId(): string {
  return randomBytes(32).toString('hex');
}

/** Docker's ExecInspect shape. */
export function execInspectView(record: ExecRecord): ExecInspect {
  const [entrypoint = '', ...args] = record.body.Cmd;
  return {
    ID: record.id,
    Running: record.running,
    ExitCode: record.exitCode,
    ProcessConfig: {
      tty: !!record.body.Tty,
      entrypoint,
      arguments: args,
      privileged: !!record.body.Privileged,
      user: record.body.User ?? '',
    },
    OpenStdin: !!record.body.AttachStdin,
    OpenStderr: !!record.body.AttachStderr,
    OpenStdout: !!record.body.AttachStdout,
    CanRemove: false,
    ContainerID: record.containerId,
    DetachKeys: record.body.DetachKeys ?? '',
    Pid: record.pid,
  };
}

export function noSuchExec(id: string): AppError {
  return new AppError('NotFound', 'NO_SUCH_EXEC', `No such exec instance: ${id}`);
}
