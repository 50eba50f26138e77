/** Global flags every runc/crun call gets: a private state root so several engines can share a host. */
export interface RuntimeGlobals {
  root: string;
}

function globals(g: RuntimeGlobals): string[] {
  return ['--root', g.root];
}

/** `runc state <id>` */
export function buildStateArgs(g: RuntimeGlobals, id: string): string[] {
  return [...globals(g), 'state', id];
}

/** `runc start <id>`: runs the process of a created container. */
export function buildStartArgs(g: RuntimeGlobals, id: string): string[] {
  return [...globals(g), 'start', id];
}

/** `runc kill [--all] <id> <signal>` */
export function buildKillArgs(
  g: RuntimeGlobals,
  id: string,
  signal: string | number,
  all = false,
): string[] {
  return [...globals(g), 'kill', ...(all ? ['--all'] : []), id, String(signal)];
}

/** `runc delete [--force] <id>` */
export function buildDeleteArgs(g: RuntimeGlobals, id: string, force = false): string[] {
  return [...globals(g), 'delete', ...(force ? ['--force'] : []), id];
}

export function buildPauseArgs(g: RuntimeGlobals, id: string): string[] {
  return [...globals(g), 'pause', id];
}

export function buildResumeArgs(g: RuntimeGlobals, id: string): string[] {
  return [...globals(g), 'resume', id];
}

/** `runc update --resources - <id>`: the LinuxResources JSON goes on stdin. */
export function buildUpdateArgs(g: RuntimeGlobals, id: string): string[] {
  return [...globals(g), 'update', '--resources', '-', id];
}

/** `runc ps --format json <id>`: host pids of the container's processes. */
export function buildPsArgs(g: RuntimeGlobals, id: string): string[] {
  return [...globals(g), 'ps', '--format', 'json', id];
}

export interface ExecArgsOptions {
  processFile: string;
  pidFile?: string;
  detach?: boolean;
}

/** `runc exec --process <file> <id>` (the process spec carries args, env, cwd, user, terminal). */
export function buildExecArgs(g: RuntimeGlobals, id: string, o: ExecArgsOptions): string[] {
  return [
    ...globals(g),
    'exec',
    '--process',
    o.processFile,
    ...(o.pidFile ? ['--pid-file', o.pidFile] : []),
    ...(o.detach ? ['--detach'] : []),
    id,
  ];
}

/** `runc run --bundle <dir> <id>`: used only to probe whether a runtime works on this host. */
export function buildRunArgs(g: RuntimeGlobals, id: string, bundle: string): string[] {
  return [...globals(g), 'run', '--bundle', bundle, id];
}
