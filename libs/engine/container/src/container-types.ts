import type { EndpointRequest } from '@wharf/engine-network';

/**
 * Docker-shaped input and output of the container service. Docker's model IS the domain here, so
 * these mirror moby's api/swagger.yaml (ContainerConfig, HostConfig, ContainerInspectResponse,
 * ContainerSummary) field for field; only the fields the engine acts on are typed strictly.
 */

export type ContainerStatus =
  'created' | 'running' | 'paused' | 'restarting' | 'removing' | 'exited' | 'dead';

export interface RestartPolicy {
  Name?: '' | 'no' | 'always' | 'unless-stopped' | 'on-failure';
  MaximumRetryCount?: number;
}

export interface MountPoint {
  Type?: 'bind' | 'volume' | 'tmpfs';
  Source?: string;
  Target?: string;
  ReadOnly?: boolean;
  BindOptions?: { Propagation?: string; CreateMountpoint?: boolean };
  TmpfsOptions?: { SizeBytes?: number; Mode?: number };
}

export interface DeviceMapping {
  PathOnHost: string;
  PathInContainer?: string;
  CgroupPermissions?: string;
}

export interface Ulimit {
  Name: string;
  Soft: number;
  Hard: number;
}

/** HostConfig fields `docker update` may change. */
export interface ContainerUpdateBody {
  Memory?: number;
  MemorySwap?: number;
  MemoryReservation?: number;
  CpuShares?: number;
  CpuPeriod?: number;
  CpuQuota?: number;
  NanoCpus?: number;
  CpusetCpus?: string;
  CpusetMems?: string;
  PidsLimit?: number | null;
  BlkioWeight?: number;
  RestartPolicy?: RestartPolicy;
}

export interface HostConfig extends ContainerUpdateBody {
  Binds?: string[] | null;
  NetworkMode?: string;
  AutoRemove?: boolean;
  Privileged?: boolean;
  ReadonlyRootfs?: boolean;
  CapAdd?: string[] | null;
  CapDrop?: string[] | null;
  SecurityOpt?: string[] | null;
  Init?: boolean | null;
  IpcMode?: string;
  PidMode?: string;
  UTSMode?: string;
  ShmSize?: number;
  Tmpfs?: Record<string, string> | null;
  Mounts?: MountPoint[] | null;
  Ulimits?: Ulimit[] | null;
  Sysctls?: Record<string, string> | null;
  Devices?: DeviceMapping[] | null;
  DeviceCgroupRules?: string[] | null;
  GroupAdd?: string[] | null;
  OomKillDisable?: boolean | null;
  OomScoreAdj?: number;
  Dns?: string[] | null;
  DnsSearch?: string[] | null;
  DnsOptions?: string[] | null;
  ExtraHosts?: string[] | null;
  Runtime?: string;
  LogConfig?: { Type?: string; Config?: Record<string, string> };
  PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
  PublishAllPorts?: boolean;
  VolumesFrom?: string[] | null;
  Links?: string[] | null;
}

export interface HealthConfig {
  Test?: string[];
  Interval?: number;
  Timeout?: number;
  StartPeriod?: number;
  StartInterval?: number;
  Retries?: number;
}

/** Config + HostConfig + NetworkingConfig, the body of `POST /containers/create`. */
export interface ContainerCreateBody {
  Hostname?: string;
  Domainname?: string;
  User?: string;
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  ExposedPorts?: Record<string, object> | null;
  Tty?: boolean;
  OpenStdin?: boolean;
  StdinOnce?: boolean;
  Env?: string[] | null;
  Cmd?: string[] | null;
  Healthcheck?: HealthConfig;
  ArgsEscaped?: boolean;
  Image: string;
  Volumes?: Record<string, object> | null;
  WorkingDir?: string;
  Entrypoint?: string[] | null;
  NetworkDisabled?: boolean;
  MacAddress?: string;
  OnBuild?: string[] | null;
  Labels?: Record<string, string> | null;
  StopSignal?: string;
  StopTimeout?: number | null;
  Shell?: string[] | null;
  HostConfig?: HostConfig;
  NetworkingConfig?: { EndpointsConfig?: Record<string, EndpointRequest | null> | null };
}

/** The merged container config stored in the record and returned as inspect's `Config`. */
export type ContainerConfig = Omit<ContainerCreateBody, 'HostConfig' | 'NetworkingConfig'>;

export interface HealthLogEntry {
  Start: string;
  End: string;
  ExitCode: number;
  Output: string;
}

export interface ContainerHealth {
  Status: 'starting' | 'healthy' | 'unhealthy' | 'none';
  FailingStreak: number;
  Log: HealthLogEntry[];
}

export interface ContainerState {
  Status: ContainerStatus;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled: boolean;
  Dead: boolean;
  Pid: number;
  ExitCode: number;
  Error: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: ContainerHealth;
}

export interface InspectMount {
  Type: 'bind' | 'volume' | 'tmpfs';
  Name?: string;
  Source: string;
  Destination: string;
  Driver?: string;
  Mode: string;
  RW: boolean;
  Propagation: string;
}

/** `GET /containers/{id}/json` (ContainerInspectResponse). */
export interface ContainerInspect {
  Id: string;
  Created: string;
  Path: string;
  Args: string[];
  State: ContainerState;
  Image: string;
  ResolvConfPath: string;
  HostnamePath: string;
  HostsPath: string;
  LogPath: string;
  Name: string;
  RestartCount: number;
  Driver: string;
  Platform: string;
  MountLabel: string;
  ProcessLabel: string;
  AppArmorProfile: string;
  ExecIDs: string[] | null;
  HostConfig: HostConfig;
  GraphDriver: { Name: string; Data: Record<string, string> | null };
  SizeRw?: number;
  SizeRootFs?: number;
  Mounts: InspectMount[];
  Config: ContainerConfig;
  NetworkSettings: {
    Bridge: string;
    SandboxID: string;
    SandboxKey: string;
    Ports: Record<string, unknown> | null;
    Networks: Record<string, unknown>;
    [legacy: string]: unknown;
  };
}

/** One row of `GET /containers/json` (ContainerSummary). */
export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID: string;
  Command: string;
  Created: number;
  Ports: { IP?: string; PrivatePort: number; PublicPort?: number; Type: string }[];
  SizeRw?: number;
  SizeRootFs?: number;
  Labels: Record<string, string>;
  State: ContainerStatus;
  Status: string;
  HostConfig: { NetworkMode: string };
  NetworkSettings: { Networks: Record<string, unknown> };
  Mounts: InspectMount[];
}

/** Docker filters as parsed from the `filters` query parameter (`{"status":["exited"]}`). */
export type ContainerFilters = Record<string, string[]>;

export interface ListOptions {
  all?: boolean;
  limit?: number;
  size?: boolean;
  filters?: ContainerFilters;
}

export interface StopOptions {
  signal?: string;
  timeoutSeconds?: number;
}

export interface RemoveOptions {
  force?: boolean;
  volumes?: boolean;
}

export type WaitCondition = 'not-running' | 'next-exit' | 'removed';

export interface WaitResult {
  StatusCode: number;
  Error?: { Message: string };
}

export interface LogOptions {
  follow?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  /** Unix seconds (fractions allowed); 0 = no bound. */
  since?: number;
  until?: number;
  timestamps?: boolean;
  /** Number of lines from the end, or 'all'. */
  tail?: number | 'all';
}

export type OutputStream = 'stdout' | 'stderr';

export interface LogEntry {
  stream: OutputStream;
  data: Buffer;
  time: Date;
}

export interface AttachOptions {
  stdin?: boolean;
  stdout?: boolean;
  stderr?: boolean;
  stream?: boolean;
  logs?: boolean;
  detachKeys?: string;
}

/**
 * A live attachment. With a tty there is one stream (`stdout`); otherwise stdout and stderr stay
 * apart so the transport can multiplex them. `output` ends when the container exits or on close().
 */
export interface AttachHandle {
  readonly tty: boolean;
  output: AsyncIterable<{ stream: OutputStream; data: Buffer }>;
  writeStdin(data: Buffer): Promise<void>;
  closeStdin(): Promise<void>;
  resize(height: number, width: number): Promise<void>;
  close(): Promise<void>;
}

export interface ExecCreateBody {
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  DetachKeys?: string;
  Tty?: boolean;
  ConsoleSize?: [number, number] | null;
  Env?: string[] | null;
  Cmd: string[];
  Privileged?: boolean;
  User?: string;
  WorkingDir?: string;
}

export interface ExecStartOptions {
  Detach?: boolean;
  Tty?: boolean;
  ConsoleSize?: [number, number] | null;
}

/** `GET /exec/{id}/json` (ExecInspectResponse). */
export interface ExecInspect {
  ID: string;
  Running: boolean;
  ExitCode: number | null;
  ProcessConfig: {
    tty: boolean;
    entrypoint: string;
    arguments: string[];
    privileged: boolean;
    user: string;
  };
  OpenStdin: boolean;
  OpenStderr: boolean;
  OpenStdout: boolean;
  CanRemove: boolean;
  ContainerID: string;
  DetachKeys: string;
  Pid: number;
}

/** `GET /containers/{id}/top`. */
export interface TopResult {
  Titles: string[];
  Processes: string[][];
}

/** Docker's stats JSON (ContainerStatsResponse), the fields `docker stats` reads. */
export interface ContainerStats {
  id: string;
  name: string;
  read: string;
  preread: string;
  pids_stats: { current?: number; limit?: number };
  blkio_stats: Record<string, unknown>;
  num_procs: number;
  storage_stats: Record<string, unknown>;
  cpu_stats: CpuStats;
  precpu_stats: CpuStats;
  memory_stats: {
    usage?: number;
    max_usage?: number;
    limit?: number;
    stats?: Record<string, number>;
  };
  networks?: Record<string, unknown>;
}

export interface CpuStats {
  cpu_usage: {
    total_usage: number;
    percpu_usage?: number[];
    usage_in_kernelmode: number;
    usage_in_usermode: number;
  };
  system_cpu_usage?: number;
  online_cpus?: number;
  throttling_data: { periods: number; throttled_periods: number; throttled_time: number };
}

export interface PruneResult {
  ContainersDeleted: string[];
  SpaceReclaimed: number;
}

/** The events the service emits, in the shape of Docker's `/events` messages. */
export interface ContainerEvent {
  Type: 'container';
  Action: string;
  Actor: { ID: string; Attributes: Record<string, string> };
  scope: 'local';
  time: number;
  timeNano: number;
}
