import { readFile, writeFile } from 'node:fs/promises';

import { Sysctl } from './sysctl';

const path = (key: string) => `/proc/sys/${key.replaceAll('.', '/')}`;

/** Reads and writes /proc/sys directly (no sysctl(8) process). */
export class LinuxSysctl extends Sysctl {
  async get(key: string): Promise<string> {
    return (await readFile(path(key), 'utf8')).trim();
  }

  async set(key: string, value: string): Promise<void> {
    if ((await this.get(key)) !== value) await writeFile(path(key), value);
  }
}
