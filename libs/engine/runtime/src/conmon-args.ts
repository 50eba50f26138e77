/** Everything conmon needs to supervise one container (or one exec session). */
export interface ConmonOptions {
  conmonPath?: string;
  containerId: string;
  /** Unique id for this conmon: the container id, or the exec id for exec sessions. */
  sessionId: string;
  name: string;
  runtimePath: string;
  runtimeRoot: string;
  bundle: string;
  /** File conmon writes the container's init pid to. */
  containerPidFile: string;
  /** File conmon writes its own pid to (how we re-adopt it after a restart). */
  conmonPidFile: string;
  /** Directory the exit file (`<exitDir>/<containerId>`, content = exit code) goes to. */
  exitDir: string;
  persistDir: string;
  /** Attach sockets go to `<socketDir>/<sessionId>/attach` (SOCK_SEQPACKET). */
  socketDir: string;
  /** k8s-file log path. */
  logPath: string;
  terminal: boolean;
  stdin: boolean;
  /** Leave stdin open when an attached client goes away (Docker's StdinOnce=false). */
  leaveStdinOpen?: boolean;
  logSizeMax?: number;
  /** For exec sessions: the process.json to run with `--exec`. */
  execProcessSpec?: string;
  /** For exec sessions that stream I/O through the attach socket. */
  execAttach?: boolean;
  exitCommand?: { path: string; args: string[] };
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
}

/**
 * conmon's argv, as podman builds it (libpod/oci_conmon_common.go). Conmon double-forks: the first
 * process exits once the container is created and reports `{"data": <pid>}` on `_OCI_SYNCPIPE`.
 */
export function buildConmonArgs(o: ConmonOptions): string[] {
  const args = [
    '--api-version',
    '1',
    '-c',
    o.containerId,
    '-u',
    o.sessionId,
    '-n',
    o.name,
    '-r',
    o.runtimePath,
    '-b',
    o.bundle,
    '-p',
    o.containerPidFile,
    '-P',
    o.conmonPidFile,
    '--exit-dir',
    o.exitDir,
    '--persist-dir',
    o.persistDir,
    '--socket-dir-path',
    o.socketDir,
    '-l',
    `k8s-file:${o.logPath}`,
    '--log-level',
    o.logLevel ?? 'error',
    '--runtime-arg',
    '--root',
    '--runtime-arg',
    o.runtimeRoot,
  ];
  if (o.terminal) args.push('-t');
  if (o.stdin) args.push('-i');
  if (o.leaveStdinOpen) args.push('--leave-stdin-open');
  if (o.logSizeMax !== undefined && o.logSizeMax > 0)
    args.push('--log-size-max', String(o.logSizeMax));
  if (o.execProcessSpec) args.push('-e', '--exec-process-spec', o.execProcessSpec);
  if (o.execAttach) args.push('--exec-attach');
  if (o.exitCommand) {
    args.push('--exit-command', o.exitCommand.path);
    for (const a of o.exitCommand.args) args.push('--exit-command-arg', a);
  }
  return args;
}
