import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

import { AppError } from '@wharf/errors';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
export const SECRET_KEY_BYTES = 32;

/** Short, stable name of a key (first 8 hex digits of its sha256): which key sealed a value. */
export function secretKeyId(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 8);
}

function refuse(message: string): never {
  throw new AppError('Internal', 'SECRET_UNREADABLE', message);
}

/**
 * Seals short secrets (registry passwords, TOTP secrets) for storage: AES-256-GCM with a random
 * 96-bit nonce per value, as `v1:<keyId>:<nonce b64>:<ciphertext+tag b64>`. New values use the
 * current key; older keys (during a rotation) still open what they sealed.
 */
export class SecretBox {
  private readonly keys = new Map<string, Buffer>();
  private readonly currentId: string;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    for (const key of [current, ...previous]) {
      if (key.length !== SECRET_KEY_BYTES) throw new Error('a secret key must be 32 bytes');
      this.keys.set(secretKeyId(key), key);
    }
    this.currentId = secretKeyId(current);
  }

  /** The id of the key new values are sealed with. */
  get keyId(): string {
    return this.currentId;
  }

  /** Whether a stored value is sealed (as opposed to a clear value written before encryption). */
  static isSealed(value: string): boolean {
    return value.startsWith(`${VERSION}:`);
  }

  seal(plaintext: string): string {
    const key = this.keys.get(this.currentId)!;
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, nonce);
    cipher.setAAD(Buffer.from(`${VERSION}:${this.currentId}`));
    const body = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
      cipher.getAuthTag(),
    ]);
    return `${VERSION}:${this.currentId}:${nonce.toString('base64')}:${body.toString('base64')}`;
  }

  /** Opens a sealed value; throws when the key is unknown or the value was altered. */
  open(sealed: string): string {
    const [version, keyId, nonceB64, bodyB64, ...rest] = sealed.split(':');
    if (version !== VERSION || keyId === undefined || bodyB64 === undefined || rest.length > 0)
      refuse('a stored secret is not in a known format');
    const key =
      this.keys.get(keyId) ??
      refuse(`a stored secret was sealed with key ${keyId}, which this server does not have`);
    const nonce = Buffer.from(nonceB64 ?? '', 'base64');
    const body = Buffer.from(bodyB64, 'base64');
    if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES)
      refuse('a stored secret is truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(`${VERSION}:${keyId}`));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    try {
      return Buffer.concat([
        decipher.update(body.subarray(0, body.length - TAG_BYTES)),
        decipher.final(),
      ]).toString('utf8');
    } catch (error) {
      throw new AppError(
        'Internal',
        'SECRET_UNREADABLE',
        'a stored secret failed its integrity check',
        {
          cause: error,
        },
      );
    }
  }

  /** Whether a sealed value should be sealed again (it uses an older key). */
  needsReseal(sealed: string): boolean {
    return !sealed.startsWith(`${VERSION}:${this.currentId}:`);
  }
}
