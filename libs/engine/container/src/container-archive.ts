import { lstat, readdir, readlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { Readable } from 'node:stream';

import type { OverlayWhiteouts, ProcessRunner } from '@wharf/engine-host';
import { AppError } from '@wharf/errors';

import { goFileMode, resolveInRoot } from './rootfs-paths';

/** `X-Docker-Container-Path-Stat`: what `docker cp` learns about a path before copying. */
export interface PathStat {
  name: string;
  size: number;
  mode: number;
  mtime: string;
  linkTarget: string;
}

export async function statInRoot(rootfs: string, path: string): Promise<PathStat> {
  // The last component is not followed (Docker stats the link itself), its parents are.
  const parent = await resolveInRoot(rootfs, dirname(path));
  const target = join(parent, basename(path));
  const info = await lstat(target).catch(() => undefined);
  if (!info)
    throw new AppError('NotFound', 'NO_SUCH_PATH', `Could not find the file ${path} in container`);
  const link = info.isSymbolicLink() ? await readlink(target) : '';
  return {
    name: basename(path) || '/',
    size: info.size,
    mode: goFileMode(info.mode, { dir: info.isDirectory(), symlink: info.isSymbolicLink() }),
    mtime: info.mtime.toISOString(),
    linkTarget: link,
  };
}

/**
 * A tar stream of `dir` (`.` for the whole root) from the host's `tar`: it never follows symlinks,
 * keeps numeric owners, devices and hard links. `done` resolves when tar has exited.
 */
export function tarStream(
  processes: ProcessRunner,
  cwd: string,
  entry: string,
): { stream: Readable; done: Promise<void> } {
  const child = processes.spawn('tar', ['--numeric-owner', '-C', cwd, '-cf', '-', entry], {
    stdin: 'ignore',
    output: 'pipe',
  });
  if (!child.stdout) throw new AppError('Internal', 'TAR', 'tar produced no output stream');
  return { stream: child.stdout, done: child.wait().then(() => undefined) };
}

export interface Change {
  Path: string;
  /** 0 modified, 1 added, 2 deleted (Docker's ChangeType). */
  Kind: 0 | 1 | 2;
}

async function existsBelow(lowerdirs: string[], rel: string): Promise<boolean> {
  for (const dir of lowerdirs)
    if (
      await lstat(join(dir, rel)).then(
        () => true,
        () => false,
      )
    )
      return true;
  return false;
}

/**
 * Mount points the runtime creates in the writable layer; Docker keeps them in an init layer, so
 * they never show up in `docker diff`.
 */
export const INIT_LAYER_PATHS = new Set([
  '/etc/hostname',
  '/etc/hosts',
  '/etc/resolv.conf',
  '/dev',
  '/proc',
  '/sys',
  '/.dockerenv',
  '/sbin/docker-init',
]);

/** `docker diff`: the container's writable layer against its image layers. */
export async function changesOf(
  upper: string,
  lowerdirs: string[],
  whiteouts: OverlayWhiteouts,
): Promise<Change[]> {
  const changes: Change[] = [];
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const rel = `/${relative(upper, full)}`;
      if (INIT_LAYER_PATHS.has(rel) && !(await existsBelow(lowerdirs, rel))) continue;
      if (entry.isCharacterDevice() && (await whiteouts.isWhiteout(full))) {
        changes.push({ Path: rel, Kind: 2 });
        continue;
      }
      changes.push({ Path: rel, Kind: (await existsBelow(lowerdirs, rel)) ? 0 : 1 });
      if (entry.isDirectory()) await walk(full);
    }
  };
  await walk(upper);
  return changes.sort((a, b) => (a.Path < b.Path ? -1 : 1));
}
