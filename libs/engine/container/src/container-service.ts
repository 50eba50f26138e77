import { EventEmitter } from 'node:events';

import type { ImageRootfsSource } from '@wharf/engine-image';
import type { CgroupFs, Clock, MountTable, ProcessRunner } from '@wharf/engine-host';
import type { RuntimeRegistry } from '@wharf/engine-runtime';
import type { Logger } from '@wharf/util';

import type {
  AttachHandle,
  AttachOptions,
  ContainerCreateBody,
  ContainerEvent,
  ContainerFilters,
  ContainerInspect,
  ContainerStats,
  ContainerSummary,
  ContainerUpdateBody,
  ExecCreateBody,
  ExecInspect,
  ExecStartOptions,
  ListOptions,
  LogEntry,
  LogOptions,
  PruneResult,
  RemoveOptions,
  StopOptions,
  TopResult,
  WaitCondition,
  WaitResult,
} from './container-types';

/** What the container service is built from (composed in apps/agent/src/engine). */
export interface ContainerServiceDeps {
  /** `$WHARF_DATA_DIR/engine`: containers live in `<engineDir>/containers/<id>/`. */
  engineDir: string;
  /** `$WHARF_EXEC_ROOT` (default /run/wharf): runtime state root and conmon sockets live below it. */
  execRoot: string;
  /** cgroup parent, default `wharf`. */
  cgroupParent: string;
  images: ImageRootfsSource;
  runtimes: RuntimeRegistry;
  processes: ProcessRunner;
  mounts: MountTable;
  cgroups: CgroupFs;
  clock: Clock;
  logger: Logger;
}

/** Output of `execStart` when attached: the same shape as a container attachment. */
export type ExecHandle = AttachHandle;

/**
 * The container half of the engine: Docker's container model on runc/crun under conmon.
 * Every method takes a full ID, a unique ID prefix or a name (with or without leading `/`) and throws
 * AppError NotFound `No such container: <ref>` when nothing matches. Emits `event` (ContainerEvent).
 */
export interface ContainerService {
  on(event: 'event', listener: (event: ContainerEvent) => void): this;
  off(event: 'event', listener: (event: ContainerEvent) => void): this;
}

export class ContainerService extends EventEmitter {
  constructor(protected readonly deps: ContainerServiceDeps) {
    super();
  }

  /** Loads records from disk, re-adopts containers whose conmon still runs, applies restart policies. */
  init(): Promise<void> {
    return notYet('init');
  }

  /** Stops watchers and timers; running containers keep running under conmon. */
  close(): Promise<void> {
    return notYet('close');
  }

  /** Creates a container. Conflict 409 when the name is taken; NotFound when the image is unknown. */
  create(body: ContainerCreateBody, name?: string): Promise<{ Id: string; Warnings: string[] }> {
    return notYet(`create ${body.Image} ${name ?? ''}`);
  }

  /** Starts a created or exited container; a running one is NotModified (304). */
  start(ref: string): Promise<void> {
    return notYet(`start ${ref}`);
  }

  /** Sends the stop signal, then SIGKILL after the timeout (default StopTimeout or 10 s). */
  stop(ref: string, options: StopOptions = {}): Promise<void> {
    return notYet(`stop ${ref} ${JSON.stringify(options)}`);
  }

  restart(ref: string, options: StopOptions = {}): Promise<void> {
    return notYet(`restart ${ref} ${JSON.stringify(options)}`);
  }

  /** Signal by name (`HUP`, `SIGHUP`) or number; Conflict when not running. */
  kill(ref: string, signal = 'SIGKILL'): Promise<void> {
    return notYet(`kill ${ref} ${signal}`);
  }

  pause(ref: string): Promise<void> {
    return notYet(`pause ${ref}`);
  }

  unpause(ref: string): Promise<void> {
    return notYet(`unpause ${ref}`);
  }

  remove(ref: string, options: RemoveOptions = {}): Promise<void> {
    return notYet(`remove ${ref} ${JSON.stringify(options)}`);
  }

  rename(ref: string, newName: string): Promise<void> {
    return notYet(`rename ${ref} ${newName}`);
  }

  wait(ref: string, condition: WaitCondition = 'not-running'): Promise<WaitResult> {
    return notYet(`wait ${ref} ${condition}`);
  }

  inspect(ref: string): Promise<ContainerInspect> {
    return notYet(`inspect ${ref}`);
  }

  /** Served from memory: no per-container disk reads. */
  list(options: ListOptions = {}): Promise<ContainerSummary[]> {
    return notYet(`list ${JSON.stringify(options)}`);
  }

  logs(ref: string, options: LogOptions): AsyncIterable<LogEntry> {
    return failingIterable(`logs ${ref} ${JSON.stringify(options)}`);
  }

  attach(ref: string, options: AttachOptions): Promise<AttachHandle> {
    return notYet(`attach ${ref} ${JSON.stringify(options)}`);
  }

  resize(ref: string, height: number, width: number): Promise<void> {
    return notYet(`resize ${ref} ${height}x${width}`);
  }

  update(ref: string, changes: ContainerUpdateBody): Promise<{ Warnings: string[] }> {
    return notYet(`update ${ref} ${JSON.stringify(changes)}`);
  }

  top(ref: string, psArgs = '-ef'): Promise<TopResult> {
    return notYet(`top ${ref} ${psArgs}`);
  }

  /** One sample when stream is false; otherwise one per second until the consumer stops. */
  stats(ref: string, options: { stream: boolean }): AsyncIterable<ContainerStats> {
    return failingIterable(`stats ${ref} ${JSON.stringify(options)}`);
  }

  execCreate(ref: string, body: ExecCreateBody): Promise<{ Id: string }> {
    return notYet(`execCreate ${ref} ${body.Cmd.join(' ')}`);
  }

  /** Detached: resolves once started. Otherwise returns the attachment (stdin/out/err of the exec). */
  execStart(execId: string, options: ExecStartOptions): Promise<ExecHandle | null> {
    return notYet(`execStart ${execId} ${JSON.stringify(options)}`);
  }

  execResize(execId: string, height: number, width: number): Promise<void> {
    return notYet(`execResize ${execId} ${height}x${width}`);
  }

  execInspect(execId: string): Promise<ExecInspect> {
    return notYet(`execInspect ${execId}`);
  }

  /** Removes stopped containers matching `until` / `label` filters. */
  prune(filters: ContainerFilters = {}): Promise<PruneResult> {
    return notYet(`prune ${JSON.stringify(filters)}`);
  }
}

function notYet(what: string): Promise<never> {
  return Promise.reject(new Error(`not implemented yet: ${what}`));
}

function failingIterable<T>(what: string): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator]: () => ({ next: () => notYet(what) }),
  };
}
