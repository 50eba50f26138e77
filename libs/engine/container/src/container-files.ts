import { lstat } from 'node:fs/promises';
import { basename, dirname, join, posix } from 'node:path';
import type { Readable } from 'node:stream';

import { AppError } from '@wharf/errors';

import { changesOf, statInRoot, tarStream, type Change, type PathStat } from './container-archive';
import { ContainerService } from './container-service';
import type { ContainerConfig } from './container-types';
import { inspectMounts } from './container-volumes';
import { writableLayerTar } from './commit-layer';
import { withCopyMounts } from './copy-mounts';
import { resolveInRoot } from './rootfs-paths';

/** `docker cp` goes through volumes and binds; export and diff see the root filesystem only. */
const COPY = { withMounts: true };

/** The file side of containers: cp (stat, get, put), export, diff and the commit source. */
export class ContainerFilesService extends ContainerService {
  /**
   * Runs `fn` with the container's root filesystem mounted: in place while it runs (paused for the
   * duration, so nothing inside can swap a path under the copy), mounted for the call when stopped.
   */
  async withRootfs<T>(
    ref: string,
    fn: (rootfs: string) => Promise<T>,
    options: { withMounts?: boolean } = {},
  ): Promise<T> {
    const r = this.store.get(ref);
    const rootfs = this.lifecycle.paths(r.id).rootfs;
    const running = r.state.Running;
    const pause = running && !r.state.Paused;
    if (!running) await this.lifecycle.mountRootfs(r);
    if (pause) await this.deps.runtimes.get(r.runtime).pause(r.id);
    try {
      if (!options.withMounts) return await fn(rootfs);
      const mounts = inspectMounts(r.hostConfig, r.volumes ?? [], this.deps.volumes);
      return await withCopyMounts(this.deps.mounts, rootfs, mounts, () => fn(rootfs));
    } finally {
      if (pause) await this.deps.runtimes.get(r.runtime).resume(r.id);
      if (!this.store.get(r.id).state.Running) await this.lifecycle.unmountRootfs(r.id);
    }
  }

  statPath(ref: string, path: string): Promise<PathStat> {
    return this.withRootfs(ref, (rootfs) => statInRoot(rootfs, path), COPY);
  }

  /**
   * `docker cp CONTAINER:path -`: hands the stat and a tar stream of the path to `consume`, which
   * must finish reading it before the root filesystem is released (unpaused or unmounted).
   */
  getArchive(
    ref: string,
    path: string,
    consume: (stat: PathStat, tar: Readable) => Promise<void>,
  ): Promise<void> {
    return this.withRootfs(
      ref,
      async (rootfs) => {
        const stat = await statInRoot(rootfs, path);
        const parent = await resolveInRoot(rootfs, dirname(path));
        const tar = tarStream(this.deps.processes, parent, basename(path) || '.');
        await consume(stat, tar.stream);
        await tar.done;
      },
      COPY,
    );
  }

  /** `docker cp - CONTAINER:dir`: extracts into an existing directory, never through symlinks. */
  putArchive(
    ref: string,
    path: string,
    body: Readable,
    extract: (source: Readable, dir: string) => Promise<unknown>,
  ): Promise<void> {
    this.refuseReadOnlyTarget(ref, path);
    return this.withRootfs(
      ref,
      async (rootfs) => {
        const dir = await resolveInRoot(rootfs, path);
        const info = await lstat(dir).catch(() => undefined);
        if (!info?.isDirectory())
          throw new AppError(
            'NotFound',
            'NO_SUCH_DIR',
            `Could not find the file ${path} in container ${ref}`,
          );
        await extract(body, dir);
      },
      COPY,
    );
  }

  /** Docker's answers for a copy into a read-only volume or a read-only root filesystem. */
  private refuseReadOnlyTarget(ref: string, path: string): void {
    const r = this.store.get(ref);
    const target = posix.normalize(`/${path}`);
    const mount = inspectMounts(r.hostConfig, r.volumes ?? [], this.deps.volumes)
      .filter((m) => target === m.Destination || target.startsWith(`${m.Destination}/`))
      .sort((a, b) => b.Destination.length - a.Destination.length)[0];
    if (mount && !mount.RW)
      throw new AppError(
        'InvalidArgument',
        'VOLUME_READ_ONLY',
        'mounted volume is marked read-only',
      );
    if (!mount && r.hostConfig.ReadonlyRootfs)
      throw new AppError(
        'InvalidArgument',
        'ROOTFS_READ_ONLY',
        'container rootfs is marked read-only',
      );
  }

  /** `docker export`: the whole root filesystem as a tar stream, handed to `consume`. */
  exportRootfs(ref: string, consume: (tar: Readable) => Promise<void>): Promise<void> {
    return this.withRootfs(ref, async (rootfs) => {
      const tar = tarStream(this.deps.processes, rootfs, '.');
      await consume(tar.stream);
      await tar.done;
    });
  }

  /** `docker diff`. */
  async changes(ref: string): Promise<Change[]> {
    const r = this.store.get(ref);
    const lowerdirs = await this.deps.images.layerDirs(await this.deps.images.resolve(r.imageId));
    if (!this.deps.whiteouts)
      throw new AppError('NotImplemented', 'NO_WHITEOUTS', 'diff needs the overlay whiteout port');
    return changesOf(join(this.lifecycle.paths(r.id).dir, 'upper'), lowerdirs, this.deps.whiteouts);
  }

  /**
   * What `docker commit` needs from the container: its config and its writable layer as a tar
   * stream, read (by `consume`) while the container is paused when `pause` is asked.
   */
  async commitSource(
    ref: string,
    pause: boolean,
    consume: (
      c: { id: string; imageId: string; config: ContainerConfig; command: string },
      layer: Readable,
    ) => Promise<void>,
  ): Promise<void> {
    const r = this.store.get(ref);
    if (!this.deps.whiteouts)
      throw new AppError(
        'NotImplemented',
        'NO_WHITEOUTS',
        'commit needs the overlay whiteout port',
      );
    const whiteouts = this.deps.whiteouts;
    const doPause = pause && r.state.Running && !r.state.Paused;
    if (doPause) await this.deps.runtimes.get(r.runtime).pause(r.id);
    try {
      const layer = writableLayerTar(join(this.lifecycle.paths(r.id).dir, 'upper'), whiteouts);
      await consume(
        { id: r.id, imageId: r.imageId, config: r.config, command: [r.path, ...r.args].join(' ') },
        layer,
      );
    } finally {
      if (doPause) await this.deps.runtimes.get(r.runtime).resume(r.id);
    }
    this.emitEvent('commit', r);
  }
}
