import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';
import { type LoginAttemptState } from './login-throttle';

@Injectable()
export class LoginAttemptsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  find(key: string): Promise<LoginAttemptState | null> {
    return this.db.loginAttempt.findUnique({
      where: { key },
      select: { failures: true, lastFailureAt: true, lockedUntil: true },
    });
  }

  async save(key: string, state: LoginAttemptState): Promise<void> {
    await this.db.loginAttempt.upsert({ where: { key }, update: state, create: { key, ...state } });
  }

  async clear(key: string): Promise<void> {
    await this.db.loginAttempt.deleteMany({ where: { key } });
  }
}
