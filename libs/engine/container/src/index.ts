export { DEFAULT_CAPABILITIES, capabilitiesFromMask, effectiveCapabilities } from './capabilities';
export type { Change, PathStat } from './container-archive';
export { DockerContainerService } from './container-operations';
export { ContainerService, type ContainerServiceDeps, type ExecHandle } from './container-service';
export { parseK8sLog, selectLogs } from './k8s-log';
export {
  buildOciSpec,
  DEFAULT_DEVICE_RULES,
  MASKED_PATHS,
  READONLY_PATHS,
  type OciSpec,
  type SpecInput,
} from './oci-spec';
export { mergeEnv, resolveCommand, resolveUser } from './process-config';
export {
  BACKOFF_MAX_MS,
  BACKOFF_RESET_AFTER_MS,
  BACKOFF_START_MS,
  nextBackoff,
  shouldRestart,
  startOnDaemonBoot,
} from './restart-policy';
export type {
  AttachHandle,
  AttachOptions,
  ContainerConfig,
  ContainerCreateBody,
  ContainerEvent,
  ContainerFilters,
  ContainerHealth,
  ContainerInspect,
  ContainerState,
  ContainerStats,
  ContainerStatus,
  ContainerSummary,
  ContainerUpdateBody,
  CpuStats,
  DeviceMapping,
  ExecCreateBody,
  ExecInspect,
  ExecStartOptions,
  HealthConfig,
  HostConfig,
  InspectMount,
  ListOptions,
  LogEntry,
  LogOptions,
  MountPoint,
  OutputStream,
  PruneResult,
  RemoveOptions,
  RestartPolicy,
  StopOptions,
  TopResult,
  Ulimit,
  WaitCondition,
  WaitResult,
} from './container-types';
export {
  copyUpSource,
  resolveVolumes,
  type VolumeMount,
  type VolumeProvider,
} from './container-volumes';
