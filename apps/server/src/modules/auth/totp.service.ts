import { createHash, randomBytes } from 'node:crypto';

import { Injectable } from '@nestjs/common';
import { type TotpConfirmed, type TotpEnrollment } from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { authenticator } from 'otplib';

import { verifyPassword } from './password-hasher';
import { UsersRepository } from './users.repository';

const ISSUER = 'Wharf';
const RECOVERY_CODES = 10;
const STEP_SECONDS = 30;
// One step either side: clocks of phones drift.
authenticator.options = { window: 1, step: STEP_SECONDS };

const hashCode = (code: string): string => createHash('sha256').update(code).digest('hex');

/** `xxxxx-xxxxx` from an alphabet without look-alikes. */
function newRecoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const chars = [...randomBytes(10)].map((b) => alphabet[b % alphabet.length] ?? 'a');
  return `${chars.slice(0, 5).join('')}-${chars.slice(5).join('')}`;
}

/** The optional second factor: RFC 6238 codes, plus single-use recovery codes stored hashed. */
@Injectable()
export class TotpService {
  constructor(private readonly users: UsersRepository) {}

  /** A new secret, not yet in force: `confirm` with a code from the app turns it on. */
  async enroll(userId: string): Promise<TotpEnrollment> {
    const user = await this.users.findById(userId);
    if (user === null) throw new AppError('NotFound', 'USER_NOT_FOUND', 'no such user');
    if (user.totpEnabled)
      throw new AppError(
        'FailedPrecondition',
        'TOTP_ENABLED',
        'the second factor is already on; disable it first',
      );
    const secret = authenticator.generateSecret();
    await this.users.setTotpSecret(userId, secret);
    return { secret, otpauthUrl: authenticator.keyuri(user.username, ISSUER, secret) };
  }

  async confirm(userId: string, code: string): Promise<TotpConfirmed> {
    const user = await this.users.findById(userId);
    if (user?.totpSecret === null || user === null || user.totpEnabled)
      throw new AppError('FailedPrecondition', 'TOTP_NOT_ENROLLING', 'start the enrollment first');
    if (!authenticator.check(code, user.totpSecret))
      throw new AppError('InvalidArgument', 'TOTP_CODE_WRONG', 'that code is not valid');
    const codes = Array.from({ length: RECOVERY_CODES }, newRecoveryCode);
    await this.users.enableTotp(userId, codes.map(hashCode));
    return { recoveryCodes: codes };
  }

  async disable(userId: string, password: string): Promise<void> {
    const user = await this.users.findById(userId);
    if (user === null || !(await verifyPassword(user.passwordHash, password)))
      throw new AppError('PermissionDenied', 'PASSWORD_WRONG', 'the password is not right');
    await this.users.disableTotp(userId);
  }

  /**
   * A 6-digit code from the app, good once: its time step must be later than the last one used to
   * sign in (RFC 6238 §5.2), or an unused recovery code (used up by this call).
   */
  async verifyLoginFactor(userId: string, secret: string | null, code: string): Promise<boolean> {
    if (!/^\d{6}$/.test(code)) return this.users.useRecoveryCode(userId, hashCode(code));
    const delta = secret === null ? null : authenticator.checkDelta(code, secret);
    if (delta === null) return false;
    const step = Math.floor(Date.now() / 1000 / STEP_SECONDS) + delta;
    return this.users.claimTotpStep(userId, step);
  }
}
