import { lstat, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';

import { AppError } from '@wharf/errors';

const MAX_LINKS = 40;

/**
 * Resolves `path` inside the container's root filesystem the way the container would see it:
 * symlinks are followed relative to `rootfs` (an absolute target restarts at the container's root),
 * and `..` never climbs above it. The host-side path returned is always inside `rootfs`
 * (filepath-securejoin's rule; the docker cp CVE class is a lookup that escaped the root).
 */
export async function resolveInRoot(rootfs: string, path: string): Promise<string> {
  const pending = posix.normalize(`/${path}`).split('/').filter(Boolean);
  const resolved: string[] = [];
  let hops = 0;
  while (pending.length > 0) {
    const part = pending.shift() ?? '';
    if (part === '.' || part === '') continue;
    if (part === '..') {
      resolved.pop();
      continue;
    }
    const candidate = join(rootfs, ...resolved, part);
    const info = await lstat(candidate).catch(() => undefined);
    if (info?.isSymbolicLink()) {
      if (++hops > MAX_LINKS)
        throw new AppError(
          'InvalidArgument',
          'SYMLINK_LOOP',
          `too many levels of symbolic links: ${path}`,
        );
      const target = await readlink(candidate);
      if (target.startsWith('/')) resolved.length = 0;
      pending.unshift(...target.split('/').filter(Boolean));
      continue;
    }
    resolved.push(part);
  }
  return join(rootfs, ...resolved);
}

/** Go's os.FileMode bits, as `X-Docker-Container-Path-Stat` carries them. */
export function goFileMode(mode: number, kind: { dir: boolean; symlink: boolean }): number {
  const perm = mode & 0o777;
  return (kind.dir ? 0x80000000 : 0) + (kind.symlink ? 0x8000000 : 0) + perm;
}
