import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, statSync } from 'node:fs';

import { writeFileAtomic } from '@wharf/pki';

import { SECRET_KEY_BYTES } from './secret-box';

/**
 * The key from `WHARF_SECRET_KEY` when set; otherwise the one in `file` (base64), created with mode
 * 0600 on first start. A file that is not a 32-byte key stops the server rather than being replaced:
 * replacing it would make every stored secret unreadable.
 */
export function loadOrCreateSecretKey(configured: Buffer | undefined, file: string): Buffer {
  if (configured !== undefined) return configured;
  if (existsSync(file)) {
    const key = Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
    if (key.length !== SECRET_KEY_BYTES)
      throw new Error(`${file} does not hold a base64 32-byte key`);
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
    return key;
  }
  const key = randomBytes(SECRET_KEY_BYTES);
  writeFileAtomic(file, `${key.toString('base64')}\n`, 0o600);
  return key;
}
