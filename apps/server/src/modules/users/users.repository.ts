import { Inject, Injectable } from '@nestjs/common';
import { type User } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

const SELECT = {
  id: true,
  username: true,
  displayName: true,
  isAdmin: true,
  disabled: true,
  totpEnabled: true,
  createdAt: true,
} as const;

type Row = Omit<User, 'createdAt'> & { createdAt: Date };
const toUser = (row: Row): User => ({ ...row, createdAt: row.createdAt.toISOString() });

/** User accounts as administrators manage them. */
@Injectable()
export class UserAccountsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async list(): Promise<User[]> {
    return (await this.db.user.findMany({ select: SELECT, orderBy: { username: 'asc' } })).map(
      toUser,
    );
  }

  async find(id: string): Promise<User | null> {
    const row = await this.db.user.findUnique({ where: { id }, select: SELECT });
    return row === null ? null : toUser(row);
  }

  async usernameTaken(username: string): Promise<boolean> {
    return (await this.db.user.count({ where: { username } })) > 0;
  }

  async create(data: {
    username: string;
    passwordHash: string;
    displayName?: string;
  }): Promise<User> {
    return toUser(await this.db.user.create({ data, select: SELECT }));
  }

  /** Changes the account and, when asked, ends all its sessions, in one transaction. */
  async update(
    id: string,
    data: {
      displayName?: string | null;
      disabled?: boolean;
      passwordHash?: string;
      passwordChangedAt?: Date;
    },
    endSessions: boolean,
  ): Promise<User> {
    const update = this.db.user.update({ where: { id }, data, select: SELECT });
    if (!endSessions) return toUser(await update);
    const [row] = await this.db.$transaction([
      update,
      this.db.session.deleteMany({ where: { userId: id } }),
    ]);
    return toUser(row);
  }

  async delete(id: string): Promise<void> {
    await this.db.user.delete({ where: { id } });
  }
}
