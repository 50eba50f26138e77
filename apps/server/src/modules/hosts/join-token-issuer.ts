import { createHash, randomBytes } from 'node:crypto';

import { formatJoinToken, type JoinToken } from '@wharf/contracts';

import { type JoinTokensRepository } from './join-tokens.repository';

export function hashJoinSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Mints a join token: only the secret's hash is stored, the token is returned once. Shared by the
 * REST API and the `wharf join-token create` CLI.
 */
export async function issueJoinToken(
  tokens: JoinTokensRepository,
  pki: { caFingerprint: string; publicUrl: string },
  ttlSeconds: number,
): Promise<JoinToken> {
  const secret = randomBytes(32).toString('base64url');
  const record = await tokens.create(
    hashJoinSecret(secret),
    new Date(Date.now() + ttlSeconds * 1000),
  );
  const token = formatJoinToken(pki.caFingerprint, secret);
  return {
    id: record.id,
    token,
    expiresAt: record.expiresAt.toISOString(),
    joinCommand: `node dist/apps/agent/main.js join ${pki.publicUrl} ${token}`,
  };
}
