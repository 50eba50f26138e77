import { randomBytes } from 'node:crypto';
import { open, rename } from 'node:fs/promises';

/** temp file + fsync + rename: a crash leaves the old or the new content, never half of one. */
export async function writeJson(path: string, value: unknown): Promise<void> {
  const temp = `${path}.tmp-${randomBytes(6).toString('hex')}`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(JSON.stringify(value));
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}
