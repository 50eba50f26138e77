import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Bytes used by the files under `dir` (lstat sizes, symlinks not followed); 0 when missing. */
export async function dirSize(dir: string): Promise<number> {
  let total = 0;
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await dirSize(path);
    else total += (await lstat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
