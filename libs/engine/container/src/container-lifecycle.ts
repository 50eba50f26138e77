import { watch, type FSWatcher } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, release } from 'node:os';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';
import { GO_ARCH } from '@wharf/engine-image';

import type { ContainerServiceDeps } from './container-deps';
import type { ContainerRecord } from './container-record';
import { type ContainerStore, writeFileAtomic } from './container-store';
import type { ContainerPaths } from './container-views';
import type { LinkTarget } from './container-etc-files';
import { ContainerNetworking } from './container-network';
import { copyUpSource, type VolumeProvider } from './container-volumes';
import { resolveDevices } from './host-devices';
import { buildOciSpec } from './oci-spec';
import { resolveUser } from './process-config';
import { nextBackoff, shouldRestart } from './restart-policy';

/** Callbacks the lifecycle reports through (events, waiters, auto-remove). */
export interface LifecycleHooks {
  emit(action: string, record: ContainerRecord, extra?: Record<string, string>): void;
  exited(record: ContainerRecord): void;
  autoRemove(record: ContainerRecord): Promise<void>;
}

/**
 * Starts containers under conmon and follows them: watches conmon's exit file, applies restart
 * policies with Docker's backoff, re-adopts containers whose conmon outlived a previous engine.
 */
export class ContainerLifecycle {
  private readonly watchers = new Map<string, FSWatcher>();
  private readonly restartTimers = new Map<string, () => void>();
  private readonly exiting = new Set<string>();
  hostBounding: string[] = [];
  initPath: string | undefined;
  readonly net: ContainerNetworking;

  constructor(
    private readonly deps: ContainerServiceDeps,
    private readonly store: ContainerStore,
    private readonly hooks: LifecycleHooks,
  ) {
    this.net = new ContainerNetworking(store, deps.networks);
  }

  paths(id: string): ContainerPaths {
    const dir = this.store.dir(id);
    return {
      dir,
      logPath: join(dir, 'ctr.log'),
      hostname: join(dir, 'hostname'),
      hosts: join(dir, 'hosts'),
      resolvConf: join(dir, 'resolv.conf'),
      rootfs: join(dir, 'rootfs'),
    };
  }

  private runtime(r: ContainerRecord) {
    return this.deps.runtimes.get(r.runtime);
  }

  /** Mounts the overlay rootfs (idempotent): image layers + this container's upper/work dirs. */
  async mountRootfs(r: ContainerRecord): Promise<void> {
    const p = this.paths(r.id);
    if (await this.deps.mounts.isMountPoint(p.rootfs)) return;
    const image = await this.deps.images.resolve(r.imageId);
    const lowerdirs = await this.deps.images.layerDirs(image);
    await mkdir(join(p.dir, 'upper'), { recursive: true, mode: 0o755 });
    await mkdir(join(p.dir, 'work'), { recursive: true, mode: 0o700 });
    await this.deps.mounts.mountOverlay(p.rootfs, {
      lowerdirs,
      upperdir: join(p.dir, 'upper'),
      workdir: join(p.dir, 'work'),
    });
  }

  async unmountRootfs(id: string): Promise<void> {
    for (const m of await this.deps.mounts.listUnder(this.paths(id).dir))
      await this.deps.mounts.unmount(m.target);
  }

  private async writeEtcFiles(r: ContainerRecord, links: LinkTarget[]): Promise<void> {
    const p = this.paths(r.id);
    const hostname = r.config.Hostname || r.id.slice(0, 12);
    await writeFileAtomic(p.hostname, `${hostname}\n`, 0o644);
    const mode = r.hostConfig.NetworkMode ?? '';
    // `container:` mode shares the owner's names and resolvers, as it shares its interfaces.
    const owner = mode.startsWith('container:')
      ? this.paths(mode.slice('container:'.length))
      : undefined;
    const files = owner
      ? {
          hosts: await readFile(owner.hosts, 'utf8').catch(() => ''),
          resolv: await readFile(owner.resolvConf, 'utf8').catch(() => ''),
        }
      : await this.net.etcFiles(r, links);
    await writeFileAtomic(p.hosts, files.hosts, 0o644);
    await writeFileAtomic(p.resolvConf, files.resolv, 0o644);
  }

  /** Reads /etc/passwd or /etc/group from the rootfs; a missing file means "no entries". */
  async rootfsFile(id: string, file: string): Promise<string> {
    try {
      return await readFile(join(this.paths(id).rootfs, file), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    }
  }

  private async writeBundle(
    r: ContainerRecord,
    netnsPath: string | undefined,
    extraEnv: string[],
  ): Promise<string> {
    const p = this.paths(r.id);
    const bundle = join(p.dir, 'bundle');
    await mkdir(bundle, { recursive: true, mode: 0o700 });
    const user = resolveUser(
      r.config.User ?? '',
      await this.rootfsFile(r.id, 'etc/passwd'),
      await this.rootfsFile(r.id, 'etc/group'),
      r.hostConfig.GroupAdd ?? [],
    );
    const spec = buildOciSpec({
      rootfs: p.rootfs,
      args: [r.path, ...r.args],
      env: [...(r.config.Env ?? []), ...extraEnv],
      user,
      cwd: r.config.WorkingDir || '/',
      hostname: r.config.Hostname || r.id.slice(0, 12),
      tty: !!r.config.Tty,
      hostConfig: r.hostConfig,
      cgroupsPath: `/${this.deps.cgroupParent}/${r.id}`,
      etcFiles: { hostname: p.hostname, hosts: p.hosts, resolvConf: p.resolvConf },
      hostBounding: this.hostBounding,
      initPath: this.initPath,
      ...(netnsPath ? { netnsPath } : {}),
      sharedNamespaces: {
        pid: this.joinedNamespace(r.hostConfig.PidMode, 'pid', 'PID'),
        ipc: this.joinedNamespace(r.hostConfig.IpcMode, 'ipc', 'IPC'),
      },
      devices: await resolveDevices(r.hostConfig.Devices ?? []),
      volumeMounts: (r.volumes ?? []).map((v) => ({
        source: this.volumeProvider().get(v.name).Mountpoint,
        destination: v.destination,
        readOnly: v.readOnly,
      })),
      arch: GO_ARCH[arch()] ?? arch(),
      kernel: release(),
    });
    await writeFileAtomic(join(bundle, 'config.json'), JSON.stringify(spec));
    return bundle;
  }

  private volumeProvider(): VolumeProvider {
    if (!this.deps.volumes)
      throw new AppError(
        'NotImplemented',
        'NO_VOLUMES',
        'volumes are not available in this engine',
      );
    return this.deps.volumes;
  }

  /**
   * Docker creates a missing bind source directory, and seeds a fresh volume with the image's content
   * at its mount point (copy-up, once).
   */
  private async prepareMountSources(r: ContainerRecord): Promise<void> {
    for (const bind of r.hostConfig.Binds ?? []) {
      const source = bind.split(':')[0] ?? '';
      if (source.startsWith('/'))
        await mkdir(source, { recursive: true, mode: 0o755 }).catch(() => undefined);
    }
    for (const v of r.volumes ?? []) {
      const volumes = this.volumeProvider();
      if (!(await volumes.needsCopyUp(v.name))) continue;
      const from = await copyUpSource(this.paths(r.id).rootfs, v.destination);
      if (from !== undefined) {
        const copied = await this.deps.processes.run(
          'cp',
          ['-a', `${from}/.`, `${volumes.get(v.name).Mountpoint}/`],
          { timeoutMs: 600_000 },
        );
        if (copied.exitCode !== 0)
          throw new AppError(
            'Internal',
            'COPY_UP',
            `copy image content into volume ${v.name}: ${copied.stderr.toString().trim()}`,
          );
      }
      await volumes.markPopulated(v.name);
    }
  }

  /** Undoes a half-made start (runtime state, network, rootfs) and reports why it failed. */
  private async failStart(r: ContainerRecord, error: unknown): Promise<never> {
    const runtime = this.runtime(r);
    this.unwatch(r.id);
    await runtime.delete(r.id, true).catch(() => undefined);
    await this.net.release(r).catch(() => undefined);
    await this.unmountRootfs(r.id);
    r.state.Error = error instanceof Error ? error.message : String(error);
    await this.store.save(r);
    // dockerd removes an --rm container whose start failed; a client waiting for removal relies on it.
    if (r.hostConfig.AutoRemove)
      await this.hooks
        .autoRemove(r)
        .catch((e: unknown) => this.deps.logger.warn({ err: e }, 'auto-remove failed'));
    throw error instanceof AppError
      ? error
      : new AppError('Internal', 'START_FAILED', r.state.Error, { cause: error });
  }

  /** create + start under conmon. On failure everything mounted is unmounted again. */
  async start(r: ContainerRecord): Promise<void> {
    const p = this.paths(r.id);
    const runtime = this.runtime(r);
    try {
      await this.mountRootfs(r);
      await this.prepareMountSources(r);
      const links = this.net.links(r);
      const netnsPath = await this.net.prepare(r);
      await this.writeEtcFiles(r, links);
      const bundle = await this.writeBundle(r, netnsPath, this.net.linkEnv(r, links));
      // conmon exits silently when any of its directories is missing.
      for (const d of [
        join(p.dir, 'exits'),
        join(p.dir, 'persist'),
        join(this.deps.execRoot, 'sockets'),
      ])
        await mkdir(d, { recursive: true, mode: 0o700 });
      await rm(join(p.dir, 'exits', r.id), { force: true });
      if (await runtime.state(r.id)) await runtime.delete(r.id, true);
      const { pid } = await runtime.createWithConmon({
        containerId: r.id,
        sessionId: r.id,
        name: r.name.slice(1),
        bundle,
        containerPidFile: join(p.dir, 'ctr.pid'),
        conmonPidFile: join(p.dir, 'conmon.pid'),
        exitDir: join(p.dir, 'exits'),
        persistDir: join(p.dir, 'persist'),
        socketDir: join(this.deps.execRoot, 'sockets'),
        logPath: p.logPath,
        terminal: !!r.config.Tty,
        stdin: !!r.config.OpenStdin,
        leaveStdinOpen: !r.config.StdinOnce,
      });
      this.watchExit(r);
      await runtime.start(r.id);
      r.conmonPid = Number((await readFile(join(p.dir, 'conmon.pid'), 'utf8')).trim());
      Object.assign(r.state, {
        Status: 'running',
        Running: true,
        Restarting: false,
        Paused: false,
        Pid: pid,
        StartedAt: this.deps.clock.now().toISOString(),
        Error: '',
      });
      await this.store.save(r);
    } catch (error) {
      return this.failStart(r, error);
    }
    this.hooks.emit('start', r);
    // A fast process can exit before Running was set; the watcher ignored that event, so look again.
    this.recheck(r);
  }

  private recheck(r: ContainerRecord): void {
    this.checkExit(r).catch((error: unknown) =>
      this.deps.logger.error({ err: error, id: r.id }, 'exit handling failed'),
    );
  }

  /** Follows conmon's exit file; also checks once, in case the exit happened before the watch. */
  watchExit(r: ContainerRecord): void {
    this.unwatch(r.id);
    const dir = join(this.paths(r.id).dir, 'exits');
    const check = () => this.recheck(r);
    const watcher = watch(dir, check);
    watcher.on('error', (error) =>
      this.deps.logger.warn({ err: error, id: r.id }, 'exit watch failed'),
    );
    this.watchers.set(r.id, watcher);
    check();
  }

  private unwatch(id: string): void {
    this.watchers.get(id)?.close();
    this.watchers.delete(id);
  }

  private async checkExit(r: ContainerRecord): Promise<void> {
    let text: string;
    try {
      text = await readFile(join(this.paths(r.id).dir, 'exits', r.id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    if (!text.trim() || this.exiting.has(r.id) || !r.state.Running) return;
    await this.onExit(r, Number(text.trim()));
  }

  /** Records the exit, then auto-removes or restarts per policy. */
  async onExit(r: ContainerRecord, exitCode: number): Promise<void> {
    this.exiting.add(r.id);
    try {
      this.unwatch(r.id);
      await this.runtime(r)
        .delete(r.id, true)
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: error, id: r.id }, 'runtime delete after exit failed'),
        );
      await this.unmountRootfs(r.id);
      await this.net
        .release(r)
        .catch((error: unknown) =>
          this.deps.logger.warn({ err: error, id: r.id }, 'network release after exit failed'),
        );
      const now = this.deps.clock.now();
      const ranFor = now.getTime() - new Date(r.state.StartedAt).getTime();
      Object.assign(r.state, {
        Status: 'exited',
        Running: false,
        Paused: false,
        Pid: 0,
        ExitCode: exitCode,
        FinishedAt: now.toISOString(),
      });
      r.conmonPid = 0;
      const restart =
        shouldRestart(r.hostConfig.RestartPolicy, exitCode, r.restartCount, r.manuallyStopped) &&
        !r.hostConfig.AutoRemove;
      if (restart) {
        r.backoffMs = nextBackoff(r.backoffMs, ranFor);
        Object.assign(r.state, { Status: 'restarting', Restarting: true });
      }
      await this.store.save(r);
      this.hooks.emit('die', r, { exitCode: String(exitCode) });
      this.hooks.exited(r);
      if (restart) this.scheduleRestart(r);
      else if (r.hostConfig.AutoRemove) await this.hooks.autoRemove(r);
    } finally {
      this.exiting.delete(r.id);
    }
  }

  private scheduleRestart(r: ContainerRecord): void {
    const cancel = this.deps.clock.schedule(r.backoffMs, () => {
      this.restartTimers.delete(r.id);
      r.restartCount += 1;
      this.start(r).catch((error: unknown) => {
        this.deps.logger.warn({ err: error, id: r.id }, 'restart failed');
        Object.assign(r.state, { Status: 'exited', Restarting: false });
        void this.store.save(r);
      });
    });
    this.restartTimers.set(r.id, cancel);
  }

  /** Cancels a pending restart (stop/remove of a restarting container). */
  cancelRestart(r: ContainerRecord): boolean {
    const cancel = this.restartTimers.get(r.id);
    if (!cancel) return false;
    cancel();
    this.restartTimers.delete(r.id);
    Object.assign(r.state, { Status: 'exited', Restarting: false });
    return true;
  }

  /** `container:<name|id>` modes: the running owner's namespace file, as dockerd joins it. */
  private joinedNamespace(mode: string | undefined, ns: string, what: string): string | undefined {
    if (!mode?.startsWith('container:')) return undefined;
    const owner = this.store.get(mode.slice('container:'.length));
    if (!owner.state.Running)
      throw new AppError(
        'Conflict',
        'OWNER_NOT_RUNNING',
        `cannot join ${what} of a non running container: ${owner.id}`,
      );
    return `/proc/${owner.state.Pid}/ns/${ns}`;
  }

  /** After an engine restart: watch containers whose conmon lives on; settle the others. */
  async adopt(r: ContainerRecord): Promise<void> {
    if (!r.state.Running) return;
    if (r.conmonPid > 0 && (await this.deps.processes.isAlive(r.conmonPid))) {
      await this.settlePause(r);
      this.net.restore(r);
      this.watchExit(r);
      return;
    }
    const code = await readFile(join(this.paths(r.id).dir, 'exits', r.id), 'utf8').catch(() => '');
    await this.onExit(r, code.trim() ? Number(code.trim()) : 255);
  }

  /**
   * A container frozen by the engine itself (commit, cp) when it crashed stays frozen: thaw it.
   * A pause the operator asked for is in the record and stays.
   */
  private async settlePause(r: ContainerRecord): Promise<void> {
    const state = await this.runtime(r)
      .state(r.id)
      .catch(() => null);
    if (state?.status === 'paused' && !r.state.Paused) await this.runtime(r).resume(r.id);
    if (state?.status === 'running' && r.state.Paused) {
      r.state.Paused = false;
      await this.store.save(r);
    }
  }

  close(): void {
    for (const id of [...this.watchers.keys()]) this.unwatch(id);
    for (const cancel of this.restartTimers.values()) cancel();
    this.restartTimers.clear();
  }

  /** Writes a resize request to conmon's control FIFO (`1 <h> <w>`). */
  async resize(r: ContainerRecord, height: number, width: number): Promise<void> {
    await writeFile(join(this.paths(r.id).dir, 'bundle', 'ctl'), `1 ${height} ${width}\n`);
  }
}
