export { CgroupFs, type CgroupLayout } from './cgroup-fs';
export { Clock } from './clock';
export { LinuxCgroupFs } from './linux-cgroup-fs';
export { LinuxMountTable, parseMountInfo } from './linux-mount-table';
export { LinuxProcessRunner } from './linux-process-runner';
export { MountTable, type MountInfo, type OverlaySpec } from './mount-table';
export {
  ProcessRunner,
  type ExitStatus,
  type RunOptions,
  type RunResult,
  type SpawnOptions,
  type SpawnedProcess,
} from './process-runner';
export { SystemClock } from './system-clock';
export { LinuxOverlayWhiteouts } from './linux-overlay-whiteouts';
export { OverlayWhiteouts } from './overlay-whiteouts';
export { type BridgeSpec, NetLinks, type VethSpec } from './net-links';
export { LinuxNetLinks } from './linux-net-links';
export { Firewall } from './firewall';
export { LinuxFirewall } from './linux-firewall';
export { Sysctl } from './sysctl';
export { LinuxSysctl } from './linux-sysctl';
export { PortProbe } from './port-probe';
export { LinuxPortProbe } from './linux-port-probe';
