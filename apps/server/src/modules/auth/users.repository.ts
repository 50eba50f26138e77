import { Inject, Injectable } from '@nestjs/common';
import { type SessionUser } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';
import { SecretBox } from '../secrets/secret-box';

export interface UserWithHash extends SessionUser {
  passwordHash: string | null;
  disabled: boolean;
  totpEnabled: boolean;
  totpSecret: string | null;
}

const SELECT = {
  id: true,
  username: true,
  isAdmin: true,
  passwordHash: true,
  disabled: true,
  totpEnabled: true,
  totpSecret: true,
} as const;

/** Users as authentication sees them; TOTP secrets are sealed at rest and opened here. */
@Injectable()
export class UsersRepository {
  constructor(
    @Inject(DATABASE) private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  async findById(id: string): Promise<UserWithHash | null> {
    return this.reveal(await this.db.user.findUnique({ where: { id }, select: SELECT }));
  }

  async findByUsername(username: string): Promise<UserWithHash | null> {
    return this.reveal(await this.db.user.findUnique({ where: { username }, select: SELECT }));
  }

  /** Creates the admin user (without a password) unless it exists. */
  async ensureAdmin(username: string): Promise<UserWithHash> {
    const row = await this.db.user.upsert({
      where: { username },
      update: {},
      create: { username, isAdmin: true },
      select: SELECT,
    });
    return (await this.reveal(row)) ?? row;
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

  /** New password, and every session of the user but `keepSessionId` ended, in one transaction. */
  async changePassword(userId: string, passwordHash: string, keepSessionId: string): Promise<void> {
    await this.db.$transaction([
      this.db.user.update({
        where: { id: userId },
        data: { passwordHash, passwordChangedAt: new Date() },
      }),
      this.db.session.deleteMany({ where: { userId, id: { not: keepSessionId } } }),
    ]);
  }

  async setTotpSecret(userId: string, secret: string): Promise<void> {
    await this.db.user.update({
      where: { id: userId },
      data: { totpSecret: this.secrets.seal(secret), totpEnabled: false },
    });
  }

  /** Turns the second factor on and replaces the recovery codes, atomically. */
  async enableTotp(userId: string, codeHashes: string[]): Promise<void> {
    await this.db.$transaction([
      this.db.recoveryCode.deleteMany({ where: { userId } }),
      this.db.recoveryCode.createMany({
        data: codeHashes.map((codeHash) => ({ userId, codeHash })),
      }),
      this.db.user.update({ where: { id: userId }, data: { totpEnabled: true } }),
    ]);
  }

  async disableTotp(userId: string): Promise<void> {
    await this.db.$transaction([
      this.db.recoveryCode.deleteMany({ where: { userId } }),
      this.db.user.update({
        where: { id: userId },
        data: { totpEnabled: false, totpSecret: null },
      }),
    ]);
  }

  /**
   * Records `step` as the last TOTP step used to sign in, only if it is later than the last one:
   * false means the code (or an earlier one) was already used, so a replayed code is refused.
   */
  async claimTotpStep(userId: string, step: number): Promise<boolean> {
    const result = await this.db.user.updateMany({
      where: { id: userId, totpLastStep: { lt: step } },
      data: { totpLastStep: step },
    });
    return result.count === 1;
  }

  /** Marks an unused recovery code used; false when there is none with that hash. */
  async useRecoveryCode(userId: string, codeHash: string): Promise<boolean> {
    const result = await this.db.recoveryCode.updateMany({
      where: { userId, codeHash, usedAt: null },
      data: { usedAt: new Date() },
    });
    return result.count === 1;
  }

  /**
   * Opens the stored TOTP secret. A clear one (stored before secrets were sealed) or one sealed with
   * a previous key is sealed anew with the current key, only if nobody changed it meanwhile.
   */
  private async reveal(row: UserWithHash | null): Promise<UserWithHash | null> {
    const stored = row?.totpSecret ?? null;
    if (row === null || stored === null) return row;
    const secret = SecretBox.isSealed(stored) ? this.secrets.open(stored) : stored;
    if (!SecretBox.isSealed(stored) || this.secrets.needsReseal(stored))
      await this.db.user.updateMany({
        where: { id: row.id, totpSecret: stored },
        data: { totpSecret: this.secrets.seal(secret) },
      });
    return { ...row, totpSecret: secret };
  }
}
