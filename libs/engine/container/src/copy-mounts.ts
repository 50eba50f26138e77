import { lstat } from 'node:fs/promises';

import type { MountTable } from '@wharf/engine-host';

import type { InspectMount } from './container-types';
import { resolveInRoot } from './rootfs-paths';

/**
 * Runs `fn` with the container's volumes and binds mounted over its root filesystem, as `docker cp`
 * sees them (Docker copies through mounts too). The mounts are made in the engine's namespace on
 * the host-side rootfs and removed afterwards; read-only mounts stay read-only. A destination that
 * does not exist yet (a container never started) is left alone rather than created in its layer.
 */
export async function withCopyMounts<T>(
  mountTable: MountTable,
  rootfs: string,
  mounts: readonly InspectMount[],
  fn: () => Promise<T>,
): Promise<T> {
  const made: string[] = [];
  try {
    // Shallow destinations first, so a mount inside another lands on top of it.
    const ordered = [...mounts].sort((a, b) => a.Destination.length - b.Destination.length);
    for (const m of ordered) {
      if (!m.Source) continue;
      const target = await resolveInRoot(rootfs, m.Destination);
      if (!(await lstat(target).catch(() => undefined))) continue;
      await mountTable.bind(m.Source, target, { readonly: !m.RW });
      made.push(target);
    }
    return await fn();
  } finally {
    for (const target of made.reverse()) await mountTable.unmount(target);
  }
}
