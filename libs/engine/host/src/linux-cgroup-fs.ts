import { access, readFile, rmdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import { CgroupFs, type CgroupLayout } from './cgroup-fs';

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** CgroupFs on the real cgroup mount (default /sys/fs/cgroup). */
export class LinuxCgroupFs extends CgroupFs {
  constructor(private readonly root = '/sys/fs/cgroup') {
    super();
  }

  async layout(): Promise<CgroupLayout> {
    if (await this.exists('cgroup.controllers')) return 'v2';
    if (await this.exists('unified/cgroup.controllers')) return 'hybrid';
    return 'v1';
  }

  async read(path: string): Promise<string | null> {
    try {
      return await readFile(join(this.root, path), 'utf8');
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async write(path: string, value: string): Promise<void> {
    await writeFile(join(this.root, path), value);
  }

  async exists(path: string): Promise<boolean> {
    try {
      await access(join(this.root, path));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async removeDir(path: string): Promise<void> {
    try {
      await rmdir(join(this.root, path));
    } catch (error) {
      if (!isMissing(error)) throw error;
    }
  }
}
