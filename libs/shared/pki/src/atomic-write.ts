import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Writes a file so readers see either the old or the new content, never a torn one: a temp file
 * in the same directory (same file system) is renamed over the target. Creates the directory (0700).
 */
export function writeFileAtomic(path: string, content: string, mode = 0o644): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, content, { mode });
    renameSync(temp, path);
  } finally {
    rmSync(temp, { force: true });
  }
}
