import { createHash } from 'node:crypto';

import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';
import { parsePermissions } from './principal.repository';

export const API_TOKEN_PREFIX = 'wharf_pat_';

export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface VerifiedApiToken {
  tokenId: string;
  userId: string;
  scopes: ReturnType<typeof parsePermissions>;
}

/** last-used is written at most this often per token, so busy tokens do not turn reads into writes. */
const LAST_USED_RESOLUTION_MS = 30_000;

@Injectable()
export class ApiTokenVerifier {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  /** The token's owner and scopes, or null when it is malformed, unknown, revoked or expired. */
  async verify(token: string, now = new Date()): Promise<VerifiedApiToken | null> {
    if (!token.startsWith(API_TOKEN_PREFIX) || token.length > 200) return null;
    const row = await this.db.apiToken.findUnique({
      where: { secretHash: hashApiToken(token) },
      select: {
        id: true,
        userId: true,
        scopesJson: true,
        expiresAt: true,
        revokedAt: true,
        lastUsedAt: true,
      },
    });
    if (row === null || row.revokedAt !== null) return null;
    if (row.expiresAt !== null && row.expiresAt.getTime() <= now.getTime()) return null;
    if (
      row.lastUsedAt === null ||
      now.getTime() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS
    ) {
      await this.db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: now } });
    }
    return { tokenId: row.id, userId: row.userId, scopes: parsePermissions(row.scopesJson) };
  }
}
