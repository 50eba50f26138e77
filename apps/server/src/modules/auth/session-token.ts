import { createHash, randomBytes } from 'node:crypto';

/** A fresh unguessable token for cookies (256 bits, base64url). */
export function newOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database stores instead of the cookie value. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
