import type { ImageRootfsSource } from '@wharf/engine-image';
import type {
  CgroupFs,
  Clock,
  MountTable,
  OverlayWhiteouts,
  ProcessRunner,
} from '@wharf/engine-host';
import type { NetworkService } from '@wharf/engine-network';
import type { RuntimeRegistry } from '@wharf/engine-runtime';
import type { Logger } from '@wharf/util';

import type { VolumeProvider } from './container-volumes';

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
  /** Named and anonymous volumes; without it, containers that need a volume are refused. */
  volumes?: VolumeProvider;
  /** Bridge networks, DNS and published ports; without it only none/host/container: modes work. */
  networks?: NetworkService;
  /** Recognises overlay whiteouts in the writable layer (`docker diff`). */
  whiteouts?: OverlayWhiteouts;
}
