import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';
import type { EndpointRequest } from '@wharf/engine-network';

import type { ContainerServiceDeps } from './container-deps';
import { ContainerLifecycle } from './container-lifecycle';
import { chooseNetwork } from './container-network';
import { dirSize } from './dir-size';
import { type ContainerRecord, initialState } from './container-record';
import { ContainerStore } from './container-store';
import { inheritedMounts, inspectMounts, resolveVolumes } from './container-volumes';
import { checkResources } from './resource-checks';
import type {
  AttachHandle,
  ContainerCreateBody,
  ContainerEvent,
  ContainerFilters,
  ContainerInspect,
  ContainerSummary,
  ListOptions,
  LogEntry,
  LogOptions,
  PruneResult,
  RemoveOptions,
  StopOptions,
  WaitCondition,
  WaitResult,
} from './container-types';
import { matchesFilters, toInspect, toSummary } from './container-views';
import { parseK8sLog, readLog, selectLogs } from './k8s-log';
import { generateName } from './names';
import { startOnDaemonBoot } from './restart-policy';
import { mergeConfig, resolveCommand } from './process-config';

export type { ContainerServiceDeps } from './container-deps';

/** Output of `execStart` when attached: the same shape as a container attachment. */
export type ExecHandle = AttachHandle;

const DEFAULT_STOP_TIMEOUT_S = 10;

/**
 * The container half of the engine: Docker's container model on runc/crun under conmon.
 * Every method takes a full ID, a unique ID prefix or a name (with or without leading `/`) and throws
 * AppError NotFound `No such container: <ref>` when nothing matches. Emits `event` (ContainerEvent).
 */
export class ContainerService extends EventEmitter {
  protected readonly store: ContainerStore;
  protected readonly lifecycle: ContainerLifecycle;
  private readonly exitWaiters = new Map<string, (() => void)[]>();
  private readonly removeWaiters = new Map<string, (() => void)[]>();

  constructor(protected readonly deps: ContainerServiceDeps) {
    super();
    this.store = new ContainerStore(`${deps.engineDir}/containers`);
    this.lifecycle = new ContainerLifecycle(deps, this.store, {
      emit: (action, r, extra) => this.emitEvent(action, r, extra),
      exited: (r) => this.release(this.exitWaiters, r.id),
      autoRemove: (r) => this.remove(r.id, { force: true, volumes: true }),
    });
  }

  /** Loads records from disk, re-adopts containers whose conmon still runs, applies restart policies. */
  async init(): Promise<void> {
    const status = await readFile('/proc/self/status', 'utf8');
    const { capabilitiesFromMask } = await import('./capabilities');
    this.lifecycle.hostBounding = capabilitiesFromMask(
      /CapBnd:\s*([0-9a-f]+)/.exec(status)?.[1] ?? '0',
    );
    this.lifecycle.initPath = (await this.deps.processes.which('tini-static')) ?? undefined;
    const records = await this.store.load();
    for (const record of records) await this.lifecycle.adopt(record);
    for (const record of records) await this.startAtBoot(record);
  }

  /**
   * Docker starts `always` containers (even manually stopped ones) and `unless-stopped` ones that
   * were not stopped by hand when the daemon starts, if they ever ran.
   */
  private async startAtBoot(r: ContainerRecord): Promise<void> {
    const everStarted = !r.state.StartedAt.startsWith('0001-');
    if (r.state.Running || r.state.Restarting || !everStarted) return;
    if (!startOnDaemonBoot(r.hostConfig.RestartPolicy, r.manuallyStopped)) return;
    await this.start(r.id).catch((error: unknown) =>
      this.deps.logger.error(
        { err: error, container: r.id },
        'could not start a restart-policy container at boot',
      ),
    );
  }

  /** Stops watchers and timers; running containers keep running under conmon. */
  close(): Promise<void> {
    this.lifecycle.close();
    return Promise.resolve();
  }

  protected emitEvent(
    action: string,
    r: ContainerRecord,
    extra: Record<string, string> = {},
  ): void {
    const now = this.deps.clock.now().getTime();
    const event: ContainerEvent = {
      Type: 'container',
      Action: action,
      Actor: {
        ID: r.id,
        Attributes: {
          ...(r.config.Labels ?? {}),
          image: r.imageRef,
          name: r.name.slice(1),
          ...extra,
        },
      },
      scope: 'local',
      time: Math.floor(now / 1000),
      timeNano: now * 1_000_000,
    };
    this.emit('event', event);
  }

  private release(waiters: Map<string, (() => void)[]>, id: string): void {
    for (const resolve of waiters.get(id) ?? []) resolve();
    waiters.delete(id);
  }

  private until(waiters: Map<string, (() => void)[]>, id: string): Promise<void> {
    return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
  }

  /** Creates a container. Conflict 409 when the name is taken; NotFound when the image is unknown. */
  async create(
    body: ContainerCreateBody,
    name?: string,
  ): Promise<{ Id: string; Warnings: string[] }> {
    if (name !== undefined && name !== '' && !/^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/.test(name)) {
      throw new AppError(
        'InvalidArgument',
        'BAD_NAME',
        `Invalid container name (${name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`,
      );
    }
    const fullName = name ? (name.startsWith('/') ? name : `/${name}`) : this.freshName();
    this.store.assertNameFree(fullName);
    const image = await this.deps.images.resolve(body.Image);
    const { HostConfig: hostConfig = {}, NetworkingConfig: _net, ...config } = body;
    checkResources(hostConfig, cpus().length);
    const merged = mergeConfig(image.config.config ?? {}, config);
    const [path = '', ...args] = resolveCommand(image.config.config ?? {}, body);
    const runtime = this.deps.runtimes.get(hostConfig.Runtime).name;
    const network = chooseNetwork(body, this.store, this.deps.networks);
    const inherited = inheritedMounts(hostConfig.VolumesFrom ?? [], hostConfig, (ref) =>
      this.store.get(ref),
    );
    if (inherited.binds.length > 0)
      hostConfig.Binds = [...(hostConfig.Binds ?? []), ...inherited.binds];
    const volumes = [
      ...(await resolveVolumes(
        hostConfig,
        merged,
        this.deps.volumes,
        new Set(inherited.volumes.map((v) => v.destination)),
      )),
      ...inherited.volumes,
    ];
    const record: ContainerRecord = {
      id: randomBytes(32).toString('hex'),
      name: fullName,
      created: this.deps.clock.now().toISOString(),
      imageRef: body.Image,
      imageId: image.id,
      config: merged,
      hostConfig: { ...hostConfig, NetworkMode: network.mode, Runtime: runtime },
      networks: network.networks,
      path,
      args,
      state: initialState(),
      restartCount: 0,
      runtime,
      manuallyStopped: false,
      conmonPid: 0,
      backoffMs: 0,
      volumes,
    };
    await this.store.save(record);
    this.emitEvent('create', record);
    return { Id: record.id, Warnings: [] };
  }

  private freshName(): string {
    for (;;) {
      const candidate = `/${generateName()}`;
      if (!this.store.hasName(candidate)) return candidate;
    }
  }

  /** Starts a created or exited container; a running one is NotModified (304). */
  async start(ref: string): Promise<void> {
    const r = this.store.get(ref);
    if (r.state.Paused)
      throw new AppError(
        'Conflict',
        'PAUSED',
        'cannot start a paused container, try unpause instead',
      );
    if (r.state.Running)
      throw new AppError('NotModified', 'ALREADY_STARTED', 'container already started');
    if (r.state.Status === 'removing')
      throw new AppError(
        'Conflict',
        'REMOVING',
        `container is marked for removal and cannot be started`,
      );
    this.lifecycle.cancelRestart(r);
    r.manuallyStopped = false;
    await this.lifecycle.start(r);
  }

  /** Sends the stop signal, then SIGKILL after the timeout (default StopTimeout or 10 s). */
  async stop(ref: string, options: StopOptions = {}): Promise<void> {
    const r = this.store.get(ref);
    r.manuallyStopped = true;
    if (this.lifecycle.cancelRestart(r)) {
      await this.store.save(r);
      return;
    }
    if (!r.state.Running)
      throw new AppError('NotModified', 'NOT_RUNNING', 'container already stopped');
    const exited = this.until(this.exitWaiters, r.id);
    const runtime = this.deps.runtimes.get(r.runtime);
    if (r.state.Paused) await runtime.resume(r.id);
    const signal = options.signal || r.config.StopSignal || 'SIGTERM';
    const timeout = options.timeoutSeconds ?? r.config.StopTimeout ?? DEFAULT_STOP_TIMEOUT_S;
    await runtime
      .kill(r.id, signal)
      .catch((error: unknown) =>
        this.deps.logger.warn({ err: error, id: r.id }, 'stop signal failed'),
      );
    const done =
      timeout < 0
        ? await exited.then(() => true)
        : await Promise.race([
            exited.then(() => true),
            this.deps.clock.sleep(timeout * 1000).then(() => false),
          ]);
    if (!done) {
      await runtime
        .kill(r.id, 'SIGKILL', true)
        .catch((error: unknown) => this.deps.logger.warn({ err: error, id: r.id }, 'kill failed'));
      await exited;
    }
    this.emitEvent('stop', r);
  }

  async restart(ref: string, options: StopOptions = {}): Promise<void> {
    const r = this.store.get(ref);
    if (r.state.Running) await this.stop(ref, options);
    await this.start(r.id);
    this.emitEvent('restart', r);
  }

  /** Signal by name (`HUP`, `SIGHUP`) or number; Conflict when not running. */
  async kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    const r = this.store.get(ref);
    if (!r.state.Running)
      throw new AppError('Conflict', 'NOT_RUNNING', `Container ${r.id} is not running`);
    const sig = /^\d+$/.test(signal) ? signal : signal.toUpperCase().replace(/^SIG/, '');
    await this.deps.runtimes.get(r.runtime).kill(r.id, /^\d+$/.test(sig) ? sig : `SIG${sig}`);
    this.emitEvent('kill', r, { signal: sig });
  }

  async pause(ref: string): Promise<void> {
    const r = this.store.get(ref);
    if (!r.state.Running)
      throw new AppError('Conflict', 'NOT_RUNNING', `Container ${r.id} is not running`);
    if (r.state.Paused)
      throw new AppError('Conflict', 'ALREADY_PAUSED', `Container ${r.id} is already paused`);
    await this.deps.runtimes.get(r.runtime).pause(r.id);
    Object.assign(r.state, { Paused: true, Status: 'paused' });
    await this.store.save(r);
    this.emitEvent('pause', r);
  }

  async unpause(ref: string): Promise<void> {
    const r = this.store.get(ref);
    if (!r.state.Paused)
      throw new AppError('Conflict', 'NOT_PAUSED', `Container ${r.id} is not paused`);
    await this.deps.runtimes.get(r.runtime).resume(r.id);
    Object.assign(r.state, { Paused: false, Status: 'running' });
    await this.store.save(r);
    this.emitEvent('unpause', r);
  }

  async remove(ref: string, options: RemoveOptions = {}): Promise<void> {
    const r = this.store.get(ref);
    this.lifecycle.cancelRestart(r);
    if (r.state.Running) {
      if (!options.force) {
        const what = r.state.Paused ? 'paused' : 'running';
        throw new AppError(
          'Conflict',
          'RUNNING',
          `cannot remove container "${r.name}": container is ${what}: stop the container before removing or force remove`,
        );
      }
      r.manuallyStopped = true;
      const exited = this.until(this.exitWaiters, r.id);
      const runtime = this.deps.runtimes.get(r.runtime);
      if (r.state.Paused) await runtime.resume(r.id).catch(() => undefined);
      await runtime.kill(r.id, 'SIGKILL', true);
      await exited;
    }
    await this.lifecycle.unmountRootfs(r.id);
    await this.store.delete(r.id);
    this.emitEvent('destroy', r);
    if (options.volumes) await this.removeAnonymousVolumes(r);
    this.release(this.removeWaiters, r.id);
  }

  /** `rm -v` and `--rm`: anonymous volumes go with the container; named ones stay. */
  private async removeAnonymousVolumes(r: ContainerRecord): Promise<void> {
    for (const v of r.volumes ?? []) {
      if (this.deps.volumes?.isAnonymous(v.name)) {
        await this.deps.volumes
          .remove(v.name)
          .catch((error: unknown) =>
            this.deps.logger.warn(
              { err: error, volume: v.name },
              'could not remove anonymous volume',
            ),
          );
      }
    }
  }

  /** Containers (ids) whose mounts use the volume: the volume store refuses to remove it meanwhile. */
  volumeUsers(name: string): string[] {
    return this.store
      .all()
      .filter((r) => r.volumes?.some((v) => v.name === name))
      .map((r) => r.id);
  }

  async rename(ref: string, newName: string): Promise<void> {
    const r = this.store.get(ref);
    const full = newName.startsWith('/') ? newName : `/${newName}`;
    this.store.assertNameFree(full, r.id);
    const oldName = r.name;
    this.store.rename(r, full);
    await this.store.save(r);
    this.emitEvent('rename', r, { oldName });
  }

  async wait(ref: string, condition: WaitCondition = 'not-running'): Promise<WaitResult> {
    const r = this.store.get(ref);
    if (condition === 'removed') {
      await this.until(this.removeWaiters, r.id);
      return { StatusCode: r.state.ExitCode };
    }
    if (condition === 'next-exit' || r.state.Running) await this.until(this.exitWaiters, r.id);
    return { StatusCode: r.state.ExitCode };
  }

  inspect(ref: string): Promise<ContainerInspect> {
    try {
      const r = this.store.get(ref);
      const view = toInspect(r, this.lifecycle.paths(r.id), [], this.networkIdOf);
      view.Mounts = inspectMounts(r.hostConfig, r.volumes ?? [], this.deps.volumes);
      return Promise.resolve(structuredClone(view));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  async connectNetwork(ref: string, network: string, request: EndpointRequest = {}): Promise<void> {
    const r = this.store.get(ref);
    await this.lifecycle.net.connect(r, network, request);
    await this.store.save(r);
  }

  async disconnectNetwork(ref: string, network: string): Promise<void> {
    const r = this.store.get(ref);
    await this.lifecycle.net.disconnect(r, network);
    await this.store.save(r);
  }

  protected readonly networkIdOf = (name: string): string =>
    this.deps.networks?.store.find(name)?.Id ?? '';

  /** Served from memory: no per-container disk reads. */
  list(options: ListOptions = {}): Promise<ContainerSummary[]> {
    const now = this.deps.clock.now();
    let rows = this.store
      .all()
      .filter((r) => options.all || r.state.Running || (options.filters?.status?.length ?? 0) > 0)
      .filter((r) => matchesFilters(r, options.filters ?? {}))
      // ISO-8601 timestamps order as strings; localeCompare would cost ~10x more on big lists.
      .sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
    if (options.limit && options.limit > 0) rows = rows.slice(0, options.limit);
    const summaries = rows.map((r) => toSummary(r, now, this.networkIdOf));
    return options.size ? this.withSizes(summaries) : Promise.resolve(summaries);
  }

  /** `ps -s`: the writable layer's size, and that plus the image's. Reads the disk, so only on request. */
  private async withSizes(rows: ContainerSummary[]): Promise<ContainerSummary[]> {
    for (const row of rows) {
      row.SizeRw = await dirSize(join(this.lifecycle.paths(row.Id).dir, 'upper'));
      const image = await this.deps.images.resolve(row.ImageID).catch(() => undefined);
      row.SizeRootFs = row.SizeRw + (image?.size ?? 0);
    }
    return rows;
  }

  /** Log entries from conmon's k8s-file; with follow, keeps reading until the container stops. */
  async *logs(ref: string, options: LogOptions): AsyncIterable<LogEntry> {
    const r = this.store.get(ref);
    const path = this.lifecycle.paths(r.id).logPath;
    const first = await readLog(path, 0);
    yield* selectLogs(parseK8sLog(first.text), options);
    if (!options.follow) return;
    let offset = first.next;
    for (;;) {
      const running = r.state.Running || r.state.Restarting;
      const chunk = await readLog(path, offset);
      offset = chunk.next;
      yield* selectLogs(parseK8sLog(chunk.text), { ...options, tail: 'all' });
      if (!running || !this.store.find(r.id)) return;
      await this.deps.clock.sleep(100);
    }
  }

  /** Removes stopped containers matching `until` / `label` filters. */
  async prune(filters: ContainerFilters = {}): Promise<PruneResult> {
    const deleted: string[] = [];
    const until = filters.until?.[0];
    for (const r of this.store.all()) {
      if (r.state.Running || r.state.Restarting) continue;
      if (until && new Date(r.created).getTime() > parseUntil(until)) continue;
      if (!matchesFilters(r, { label: filters.label ?? [] })) continue;
      await this.remove(r.id);
      deleted.push(r.id);
    }
    return { ContainersDeleted: deleted, SpaceReclaimed: 0 };
  }
}

function parseUntil(value: string): number {
  return /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value);
}
