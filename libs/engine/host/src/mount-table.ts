/** One line of /proc/self/mountinfo, reduced to what the engine needs. */
export interface MountInfo {
  target: string;
  fstype: string;
  source: string;
  options: string;
}

export interface OverlaySpec {
  /** Top-most layer first, as overlayfs wants. */
  lowerdirs: readonly string[];
  upperdir: string;
  workdir: string;
}

/**
 * Mounts and unmounts on the host. Every mount the engine makes goes through here so the fake can
 * record them and cleanup can list what is left under a directory.
 */
export abstract class MountTable {
  /** Mounts overlayfs at target (created if missing). */
  abstract mountOverlay(target: string, spec: OverlaySpec): Promise<void>;
  /** Bind-mounts source on target; `readonly` remounts read-only. */
  abstract bind(
    source: string,
    target: string,
    options?: { readonly?: boolean; recursive?: boolean },
  ): Promise<void>;
  /** Mounts a tmpfs with the given options (`size=64m,mode=1777`). */
  abstract mountTmpfs(target: string, options?: string): Promise<void>;
  /** Unmounts target; a target that is not a mount point is not an error (idempotent). */
  abstract unmount(target: string, options?: { lazy?: boolean }): Promise<void>;
  /** Mounts at or below the given path, deepest first (the order to unmount in). */
  abstract listUnder(path: string): Promise<MountInfo[]>;
  /** True when path is itself a mount point. */
  abstract isMountPoint(path: string): Promise<boolean>;
}
