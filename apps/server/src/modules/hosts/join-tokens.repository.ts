import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

export interface JoinTokenRecord {
  id: string;
  expiresAt: Date;
  revokedAt: Date | null;
}

@Injectable()
export class JoinTokensRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  create(secretHash: string, expiresAt: Date): Promise<JoinTokenRecord> {
    return this.db.joinToken.create({
      data: { secretHash, expiresAt },
      select: { id: true, expiresAt: true, revokedAt: true },
    });
  }

  findBySecretHash(secretHash: string): Promise<JoinTokenRecord | null> {
    return this.db.joinToken.findUnique({
      where: { secretHash },
      select: { id: true, expiresAt: true, revokedAt: true },
    });
  }

  /** False when no such token exists. Revoking twice keeps the first revocation time. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const found = await this.db.joinToken.findUnique({ where: { id }, select: { id: true } });
    if (found === null) return false;
    await this.db.joinToken.updateMany({ where: { id, revokedAt: null }, data: { revokedAt: at } });
    return true;
  }

  async markUsed(id: string, at: Date): Promise<void> {
    await this.db.joinToken.update({ where: { id }, data: { usedAt: at } });
  }
}
