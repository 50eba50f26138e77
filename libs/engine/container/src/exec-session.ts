import { randomBytes } from 'node:crypto';
import { readFile, readlink, rm } from 'node:fs/promises';
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
  /** Set while a TTY exec runs. */
  resize?: (height: number, width: number) => Promise<void>;
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

const shellQuote = (arg: string): string => `'${arg.replace(/'/g, `'\\''`)}'`;

/**
 * The command script(1) runs on its pty. The pty is sized first (the exec's ConsoleSize) because
 * runc copies the size of its terminal to the container's console when it starts.
 */
function scriptCommand(runc: string[], size: ExecCreateBody['ConsoleSize']): string {
  // The size comes from a request body: only small positive integers reach the shell.
  const [height, width] = (size ?? []).map(Number);
  const valid = (n: number | undefined): boolean =>
    n !== undefined && Number.isInteger(n) && n > 0 && n < 10_000;
  const stty =
    valid(height) && valid(width) ? `stty rows ${height} cols ${width} 2>/dev/null; ` : '';
  return `${stty}exec ${runc.map(shellQuote).join(' ')}`;
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
        ['-qfec', scriptCommand(runc, record.body.ConsoleSize), '/dev/null'],
        { stdin: 'pipe', output: 'pipe' },
      )
    : processes.spawn(runc[0] ?? 'runc', runc.slice(1), { stdin: 'pipe', output: 'pipe' });
  record.running = true;
  record.pid = child.pid;
  if (tty) record.resize = (height, width) => resizeScriptPty(processes, child.pid, height, width);
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
    resize: record.resize ?? (() => Promise.resolve()),
    close: () => Promise.resolve(),
  };
}

/**
 * `runc exec -t` sits on script's pty and copies that pty's size to the container's console on
 * SIGWINCH. Setting the size with stty makes the kernel send SIGWINCH to it, so the exec resizes.
 */
async function resizeScriptPty(
  processes: ProcessRunner,
  scriptPid: number,
  height: number,
  width: number,
): Promise<void> {
  if (height <= 0 || width <= 0) return;
  const children = await readFile(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').catch(
    () => '',
  );
  const runtimePid = children.trim().split(/\s+/)[0];
  if (!runtimePid) return;
  const pty = await readlink(`/proc/${runtimePid}/fd/0`).catch(() => '');
  if (!pty.startsWith('/dev/pts/')) return;
  await processes.run('stty', ['-F', pty, 'rows', String(height), 'cols', String(width)]);
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
