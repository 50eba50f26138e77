/**
 * Turns OCI layer whiteouts into what overlayfs understands: a 0/0 character device for a deleted
 * file, `trusted.overlay.opaque=y` for a directory that hides everything below it. Node can create
 * neither (no mknod, no xattr API), so the real implementation runs `mknod` and `setfattr`.
 */
export abstract class OverlayWhiteouts {
  /** Marks `name` inside `dir` as deleted, replacing whatever is there. Idempotent. */
  abstract whiteout(dir: string, name: string): Promise<void>;
  /** Marks `dir` as opaque. Idempotent. */
  abstract opaque(dir: string): Promise<void>;
  /** True when `path` is an overlay whiteout. */
  abstract isWhiteout(path: string): Promise<boolean>;
  /** True when `dir` is marked opaque. */
  abstract isOpaque(dir: string): Promise<boolean>;
}
