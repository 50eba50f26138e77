/** How cgroups are mounted on this host. */
export type CgroupLayout = 'v1' | 'hybrid' | 'v2';

/**
 * Reads and writes cgroup files. Paths are relative to the cgroup mount root (`/sys/fs/cgroup`):
 * `memory/wharf/<id>/memory.usage_in_bytes` on v1, `wharf/<id>/memory.current` on v2, and
 * `unified/...` for the v2 side of a hybrid host.
 */
export abstract class CgroupFs {
  /** Detects the layout from what is mounted (cgroup2 at the root = v2; at unified/ = hybrid). */
  abstract layout(): Promise<CgroupLayout>;
  /** File content, or null when the file does not exist. */
  abstract read(path: string): Promise<string | null>;
  /** Writes a value to a cgroup file. */
  abstract write(path: string, value: string): Promise<void>;
  /** True when the directory or file exists. */
  abstract exists(path: string): Promise<boolean>;
  /** Removes an (empty of processes) cgroup directory; missing is not an error. */
  abstract removeDir(path: string): Promise<void>;
}
