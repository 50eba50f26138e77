import { Inject, Injectable } from '@nestjs/common';
import { type SessionUser } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

export interface StoredSession {
  user: SessionUser;
  csrfToken: string;
  expiresAt: Date;
}

@Injectable()
export class SessionsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async create(idHash: string, userId: string, csrfToken: string, expiresAt: Date): Promise<void> {
    await this.db.session.create({ data: { id: idHash, userId, csrfToken, expiresAt } });
  }

  async findValid(idHash: string, now: Date): Promise<StoredSession | null> {
    const row = await this.db.session.findFirst({
      where: { id: idHash, expiresAt: { gt: now }, user: { disabled: false } },
      select: {
        csrfToken: true,
        expiresAt: true,
        user: { select: { id: true, username: true, isAdmin: true } },
      },
    });
    return row;
  }

  async delete(idHash: string): Promise<void> {
    await this.db.session.deleteMany({ where: { id: idHash } });
  }

  async deleteAllOf(userId: string): Promise<number> {
    return (await this.db.session.deleteMany({ where: { userId } })).count;
  }

  async deleteExpired(now: Date): Promise<void> {
    await this.db.session.deleteMany({ where: { expiresAt: { lte: now } } });
  }
}
