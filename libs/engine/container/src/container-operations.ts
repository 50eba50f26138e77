import { readFile, stat } from 'node:fs/promises';
import { cpus } from 'node:os';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';

import { AttachSession, type AttachTarget } from './attach-session';
import { resolveUser } from './process-config';
import { checkResources } from './resource-checks';
import {
  dockerStats,
  parseNetDev,
  sampleCgroup,
  systemCpuNs,
  type CgroupSample,
  type InterfaceStats,
} from './container-stats';
import { filterPsOutput } from './ps-output';
import { execInspectView, newExecId, noSuchExec, startExec, type ExecRecord } from './exec-session';
import { HealthMonitor, initialHealth, probeCommand, type ProbeResult } from './container-health';
import { type ContainerServiceDeps, type ExecHandle } from './container-service';
import { ContainerFilesService } from './container-files';
import type { ContainerRecord } from './container-record';
import type {
  AttachHandle,
  AttachOptions,
  ContainerEvent,
  ContainerHealth,
  ContainerStats,
  ContainerUpdateBody,
  ExecCreateBody,
  ExecInspect,
  ExecStartOptions,
  RemoveOptions,
  TopResult,
} from './container-types';

/** How long removal waits for attached clients to drain the output. */
const DRAIN_TIMEOUT_MS = 5000;

/**
 * The full Docker container surface: lifecycle from ContainerService plus the interactive and
 * resource operations. This is the class the API layer constructs.
 */
export class DockerContainerService extends ContainerFilesService {
  private readonly execs = new Map<string, ExecRecord>();
  private readonly attachments = new Map<string, Set<AttachSession>>();
  private readonly health: HealthMonitor;

  constructor(deps: ContainerServiceDeps) {
    super(deps);
    this.health = new HealthMonitor(
      deps.clock,
      (id, argv, timeoutMs) => this.probe(id, argv, timeoutMs),
      (id, health) => this.recordHealth(id, health),
    );
    this.on('event', (event: ContainerEvent) => {
      if (event.Action === 'start') this.watchHealth(event.Actor.ID, true);
      if (event.Action === 'die') this.health.end(event.Actor.ID);
    });
  }

  override async init(): Promise<void> {
    await super.init();
    for (const r of this.store.all()) if (r.state.Running) this.watchHealth(r.id, false);
  }

  override close(): Promise<void> {
    this.health.close();
    return super.close();
  }

  /** Starts probing a running container that has a healthcheck; a fresh start begins at `starting`. */
  private watchHealth(id: string, fresh: boolean): void {
    const r = this.store.find(id);
    if (!r || !probeCommand(r.config.Healthcheck)) return;
    if (fresh || !r.state.Health) r.state.Health = initialHealth();
    this.health.begin(r.id, r.config.Healthcheck ?? {}, r.state.Health);
  }

  private async recordHealth(id: string, health: ContainerHealth): Promise<void> {
    const r = this.store.find(id);
    if (!r?.state.Running) return;
    const changed = r.state.Health?.Status !== health.Status;
    r.state.Health = health;
    await this.store.save(r);
    if (changed) this.emitEvent(`health_status: ${health.Status}`, r);
  }

  /** One probe: an exec the user never sees (not in ExecIDs), killed at its timeout. */
  private async probe(id: string, argv: string[], timeoutMs: number): Promise<ProbeResult> {
    const start = this.deps.clock.now();
    const record: ExecRecord = {
      id: newExecId(),
      containerId: id,
      body: { Cmd: argv, AttachStdout: true, AttachStderr: true },
      running: false,
      exitCode: null,
      pid: 0,
    };
    let exitCode = -1;
    const handle = await startExec(
      record,
      await this.execTarget(id),
      this.deps.processes,
      (code) => {
        exitCode = code;
      },
    );
    let output = '';
    const collected = (async () => {
      for await (const chunk of handle.output) output += chunk.data.toString();
    })();
    const finished = await Promise.race([
      collected.then(() => true),
      this.deps.clock.sleep(timeoutMs).then(() => false),
    ]);
    if (!finished) {
      this.deps.processes.signal(record.pid, 'SIGKILL');
      return {
        exitCode: -1,
        output: 'Health check exceeded timeout',
        start,
        end: this.deps.clock.now(),
      };
    }
    return { exitCode, output, start, end: this.deps.clock.now() };
  }

  private async execTarget(id: string) {
    const r = this.store.get(id);
    const runtime = this.deps.runtimes.get(r.runtime);
    return {
      containerId: r.id,
      bundleDir: join(this.lifecycle.paths(r.id).dir, 'bundle'),
      runtimePath: runtime.path,
      runtimeRoot: runtime.root,
      passwd: await this.lifecycle.rootfsFile(r.id, 'etc/passwd'),
      group: await this.lifecycle.rootfsFile(r.id, 'etc/group'),
    };
  }

  /**
   * Removal waits (briefly) for attached clients to read the last output: `docker run --rm` must
   * print everything even though auto-remove deletes the log right after the exit.
   */
  override async remove(ref: string, options: RemoveOptions = {}): Promise<void> {
    const id = this.store.find(ref)?.id;
    const sessions = id === undefined ? [] : [...(this.attachments.get(id) ?? [])];
    if (sessions.length > 0) {
      await Promise.race([
        Promise.all(sessions.map((s) => s.drained)),
        this.deps.clock.sleep(DRAIN_TIMEOUT_MS),
      ]);
    }
    await super.remove(ref, options);
  }

  /** Writes the new size to conmon's control FIFO; Conflict when not running. */
  async resize(ref: string, height: number, width: number): Promise<void> {
    const r = this.store.get(ref);
    if (!r.state.Running)
      throw new AppError('Conflict', 'NOT_RUNNING', `Container ${r.id} is not running`);
    await this.lifecycle.resize(r, height, width);
  }

  /** Applies resource changes to the running container and stores the new HostConfig. */
  async update(ref: string, changes: ContainerUpdateBody): Promise<{ Warnings: string[] }> {
    const r = this.store.get(ref);
    checkResources({ ...r.hostConfig, ...changes }, cpus().length);
    if (r.state.Running) {
      const resources: Record<string, object> = {};
      if (changes.Memory !== undefined) resources.memory = { limit: changes.Memory };
      if (changes.CpuShares !== undefined || changes.CpuQuota !== undefined)
        resources.cpu = {
          shares: changes.CpuShares,
          quota: changes.CpuQuota,
          period: changes.CpuPeriod,
        };
      if (changes.PidsLimit) resources.pids = { limit: changes.PidsLimit };
      if (Object.keys(resources).length)
        await this.deps.runtimes.get(r.runtime).update(r.id, resources);
    }
    Object.assign(r.hostConfig, changes);
    await this.store.save(r);
    return { Warnings: [] };
  }

  /**
   * Attaches to a container's streams; before start (as `docker run` does) the session waits for the
   * start and delivers output from its first byte. A stopped container is refused as in Docker.
   */
  async attach(ref: string, options: AttachOptions): Promise<AttachHandle> {
    const r = this.store.get(ref);
    if (r.state.Restarting)
      throw new AppError(
        'Conflict',
        'RESTARTING',
        `You cannot attach to a restarting container, wait until it is running`,
      );
    const paths = this.lifecycle.paths(r.id);
    const startedAtAttach = r.state.StartedAt;
    const offset = options.logs
      ? 0
      : await stat(paths.logPath).then(
          (s) => s.size,
          () => 0,
        );
    const target: AttachTarget = {
      logPath: paths.logPath,
      socketPath: join(this.deps.execRoot, 'sockets', r.id, 'attach'),
      tty: !!r.config.Tty,
      openStdin: !!r.config.OpenStdin,
      phase: () => {
        const current = this.store.find(r.id);
        if (!current) return 'done';
        if (current.state.Running || current.state.Restarting || current.state.Paused)
          return 'live';
        return current.state.StartedAt === startedAtAttach ? 'created' : 'done';
      },
      resize: (height, width) => this.resize(r.id, height, width),
    };
    const session = new AttachSession(
      target,
      options,
      this.deps.processes,
      this.deps.clock,
      offset,
    );
    const sessions = this.attachments.get(r.id) ?? new Set();
    sessions.add(session);
    this.attachments.set(r.id, sessions);
    void session.drained.then(() => {
      sessions.delete(session);
      if (sessions.size === 0) this.attachments.delete(r.id);
    });
    return session;
  }

  /** One sample a second from the container's cgroup (v1/hybrid or v2), Docker's stats shape. */
  async *stats(ref: string, options: { stream: boolean }): AsyncIterable<ContainerStats> {
    const r = this.store.get(ref);
    const layout = await this.deps.cgroups.layout();
    const group = `/${this.deps.cgroupParent}/${r.id}`;
    let before: { at: Date; sample: CgroupSample | undefined; system: number } | undefined;
    for (;;) {
      const current = this.store.find(r.id);
      const running = !!current?.state.Running;
      const now = {
        at: this.deps.clock.now(),
        sample: running ? await sampleCgroup(this.deps.cgroups, layout, group) : undefined,
        system: await systemCpuNs(),
      };
      const stats = dockerStats({ id: r.id, name: r.name }, now, before, cpus().length);
      const networks = running ? await this.networkCounters(current) : undefined;
      yield networks ? { ...stats, networks } : stats;
      if (!options.stream || !current) return;
      before = now;
      await this.deps.clock.sleep(1000);
    }
  }

  /** Interface counters seen from inside the container; none for host networking or no interfaces. */
  private async networkCounters(
    r: ContainerRecord,
  ): Promise<Record<string, InterfaceStats> | undefined> {
    if (r.hostConfig.NetworkMode === 'host' || r.state.Pid <= 0) return undefined;
    const text = await readFile(`/proc/${r.state.Pid}/net/dev`, 'utf8').catch(() => '');
    const networks = parseNetDev(text);
    return Object.keys(networks).length > 0 ? networks : undefined;
  }

  /** `docker top`: the host's `ps` output, limited to the container's processes (as dockerd does). */
  async top(ref: string, psArgs = '-ef'): Promise<TopResult> {
    const r = this.store.get(ref);
    if (!r.state.Running)
      throw new AppError('Conflict', 'NOT_RUNNING', `Container ${r.id} is not running`);
    const pids = new Set((await this.deps.runtimes.get(r.runtime).ps(r.id)).map(String));
    const ps = await this.deps.processes.run('ps', psArgs.split(/\s+/).filter(Boolean), {
      timeoutMs: 10_000,
    });
    if (ps.exitCode !== 0)
      throw new AppError('InvalidArgument', 'BAD_PS_ARGS', `ps: ${ps.stderr.toString().trim()}`);
    return filterPsOutput(ps.stdout.toString(), pids);
  }

  /** `docker exec` create: the container must be running (Docker refuses restarting ones by name). */
  async execCreate(ref: string, body: ExecCreateBody): Promise<{ Id: string }> {
    const r = this.store.get(ref);
    if (r.state.Restarting) {
      throw new AppError(
        'Conflict',
        'RESTARTING',
        `Container ${r.id} is restarting, wait until the container is running`,
      );
    }
    if (!r.state.Running)
      throw new AppError('Conflict', 'NOT_RUNNING', `Container ${r.id} is not running`);
    if (r.state.Paused)
      throw new AppError(
        'Conflict',
        'PAUSED',
        `Container ${r.id} is paused, unpause the container before exec`,
      );
    // Docker reports an unknown user when the exec is created, not from inside the stream.
    if (body.User)
      resolveUser(
        body.User,
        await this.lifecycle.rootfsFile(r.id, 'etc/passwd'),
        await this.lifecycle.rootfsFile(r.id, 'etc/group'),
      );
    const record: ExecRecord = {
      id: newExecId(),
      containerId: r.id,
      body,
      running: false,
      exitCode: null,
      pid: 0,
    };
    this.execs.set(record.id, record);
    this.emitExec('exec_create', record);
    return { Id: record.id };
  }

  /** Starts an exec; detached execs run without a stream (null). */
  async execStart(execId: string, options: ExecStartOptions): Promise<ExecHandle | null> {
    const record = this.execs.get(execId);
    if (!record) throw noSuchExec(execId);
    if (record.running || record.exitCode !== null)
      throw new AppError('Conflict', 'EXEC_STARTED', `exec ${execId} has already been started`);
    const r = this.store.get(record.containerId);
    if (!r.state.Running)
      throw new AppError('Conflict', 'NOT_RUNNING', `Container ${r.id} is not running`);
    const target = await this.execTarget(r.id);
    if (options.Tty !== undefined) record.body = { ...record.body, Tty: options.Tty };
    const handle = await startExec(record, target, this.deps.processes, (code) => {
      record.running = false;
      record.exitCode = code;
      this.emitExec('exec_die', record, { exitCode: String(code) });
    });
    record.running = true;
    this.emitExec('exec_start', record);
    if (options.Detach) {
      void (async () => {
        for await (const _chunk of handle.output) {
          // a detached exec's output goes nowhere, as in Docker
        }
      })();
      return null;
    }
    return handle;
  }

  async execResize(execId: string, height: number, width: number): Promise<void> {
    const record = this.execs.get(execId);
    if (!record) throw noSuchExec(execId);
    if (record.running) await record.resize?.(height, width);
  }

  execInspect(execId: string): Promise<ExecInspect> {
    const record = this.execs.get(execId);
    return record ? Promise.resolve(execInspectView(record)) : Promise.reject(noSuchExec(execId));
  }

  private emitExec(action: string, record: ExecRecord, extra: Record<string, string> = {}): void {
    const r = this.store.find(record.containerId);
    if (!r) return;
    this.emitEvent(`${action}: ${record.body.Cmd.join(' ')}`, r, { execID: record.id, ...extra });
  }
}
