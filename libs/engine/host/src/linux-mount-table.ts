import { mkdir, readFile } from 'node:fs/promises';
import { resolve } from 'node:path';

import { AppError } from '@wharf/errors';

import { MountTable, type MountInfo, type OverlaySpec } from './mount-table';
import { type ProcessRunner } from './process-runner';

/** mountinfo escapes space, tab, newline and backslash as octal. */
function unescapeMountPath(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_m, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** Parses /proc/self/mountinfo lines (proc(5)). */
export function parseMountInfo(text: string): MountInfo[] {
  const mounts: MountInfo[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [left, right] = line.split(' - ');
    const fields = (left ?? '').split(' ');
    const tail = (right ?? '').split(' ');
    mounts.push({
      target: unescapeMountPath(fields[4] ?? ''),
      fstype: tail[0] ?? '',
      source: unescapeMountPath(tail[1] ?? ''),
      options: `${fields[5] ?? ''},${tail[2] ?? ''}`,
    });
  }
  return mounts;
}

/** MountTable on mount(8)/umount(8) and /proc/self/mountinfo. */
export class LinuxMountTable extends MountTable {
  constructor(private readonly processes: ProcessRunner) {
    super();
  }

  private async mount(args: string[], target: string): Promise<void> {
    await mkdir(target, { recursive: true });
    const r = await this.processes.run('mount', [...args, target], { timeoutMs: 30_000 });
    if (r.exitCode !== 0) {
      throw new AppError(
        'Internal',
        'MOUNT_FAILED',
        `mount ${target}: ${r.stderr.toString().trim()}`,
      );
    }
  }

  async mountOverlay(target: string, spec: OverlaySpec): Promise<void> {
    if (spec.lowerdirs.length === 0)
      throw new AppError('InvalidArgument', 'NO_LAYERS', 'overlay needs at least one lower layer');
    const data = `lowerdir=${spec.lowerdirs.join(':')},upperdir=${spec.upperdir},workdir=${spec.workdir}`;
    await this.mount(['-t', 'overlay', 'overlay', '-o', data], target);
  }

  async bind(
    source: string,
    target: string,
    options: { readonly?: boolean; recursive?: boolean } = {},
  ): Promise<void> {
    await this.mount([options.recursive ? '--rbind' : '--bind', source], target);
    if (options.readonly) {
      const r = await this.processes.run('mount', ['-o', 'remount,bind,ro', target], {
        timeoutMs: 30_000,
      });
      if (r.exitCode !== 0)
        throw new AppError(
          'Internal',
          'MOUNT_FAILED',
          `remount ro ${target}: ${r.stderr.toString().trim()}`,
        );
    }
  }

  async mountTmpfs(target: string, options?: string): Promise<void> {
    await this.mount(['-t', 'tmpfs', ...(options ? ['-o', options] : []), 'tmpfs'], target);
  }

  async unmount(target: string, options: { lazy?: boolean } = {}): Promise<void> {
    if (!(await this.isMountPoint(target))) return;
    const r = await this.processes.run('umount', [...(options.lazy ? ['-l'] : []), target], {
      timeoutMs: 30_000,
    });
    if (r.exitCode !== 0)
      throw new AppError(
        'Internal',
        'UNMOUNT_FAILED',
        `umount ${target}: ${r.stderr.toString().trim()}`,
      );
  }

  async listUnder(path: string): Promise<MountInfo[]> {
    const base = resolve(path);
    const all = parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
    return all
      .filter((m) => m.target === base || m.target.startsWith(`${base}/`))
      .sort((a, b) => b.target.length - a.target.length);
  }

  async isMountPoint(path: string): Promise<boolean> {
    const base = resolve(path);
    const all = parseMountInfo(await readFile('/proc/self/mountinfo', 'utf8'));
    return all.some((m) => m.target === base);
  }
}
