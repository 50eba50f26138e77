export { CgroupFs, type CgroupLayout } from './cgroup-fs';
export { Clock } from './clock';
export { MountTable, type MountInfo, type OverlaySpec } from './mount-table';
export {
  ProcessRunner,
  type ExitStatus,
  type RunOptions,
  type RunResult,
  type SpawnOptions,
  type SpawnedProcess,
} from './process-runner';
