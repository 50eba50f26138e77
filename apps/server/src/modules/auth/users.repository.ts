import { Inject, Injectable } from '@nestjs/common';
import { type SessionUser } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

export interface UserWithHash extends SessionUser {
  passwordHash: string | null;
}

const SELECT = { id: true, username: true, isAdmin: true, passwordHash: true } as const;

@Injectable()
export class UsersRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  findByUsername(username: string): Promise<UserWithHash | null> {
    return this.db.user.findUnique({ where: { username }, select: SELECT });
  }

  /** Creates the admin user (without a password) unless it exists. */
  async ensureAdmin(username: string): Promise<UserWithHash> {
    return this.db.user.upsert({
      where: { username },
      update: {},
      create: { username, isAdmin: true },
      select: SELECT,
    });
  }

  /** Sets the password only if none is set yet; false when someone else got there first. */
  async setInitialPassword(userId: string, passwordHash: string): Promise<boolean> {
    const result = await this.db.user.updateMany({
      where: { id: userId, passwordHash: null },
      data: { passwordHash },
    });
    return result.count === 1;
  }

  async setPassword(userId: string, passwordHash: string): Promise<void> {
    await this.db.user.update({ where: { id: userId }, data: { passwordHash } });
  }
}
