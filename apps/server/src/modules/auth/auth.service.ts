import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { type LoginRequest, type SessionUser, type SetupStatus } from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { PinoLogger } from 'nestjs-pino';

import { AuditService } from '../audit/audit.service';

import { type ServerConfig } from '../core/server-config';
import { sleep } from '../core/sleep';
import { SERVER_CONFIG } from '../core/tokens';
import { LoginAttemptsRepository } from './login-attempts.repository';
import { decideLoginAttempt, recordLoginFailure } from './login-throttle';
import { hashPassword, verifyPassword } from './password-hasher';
import { hashToken, newOpaqueToken } from './session-token';
import { SessionsRepository } from './sessions.repository';
import { TotpService } from './totp.service';
import { UsersRepository, type UserWithHash } from './users.repository';

export const ADMIN_USERNAME = 'admin';
const SESSION_TTL_MS = 7 * 24 * 3600 * 1000;
/** One message for every login failure: nothing tells a wrong username from a wrong password. */
export const LOGIN_FAILED_MESSAGE = 'invalid username or password';

/** A newly opened session: the cookie values to hand to the browser. */
export interface IssuedSession {
  user: SessionUser;
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
}

/** Where a login attempt came from (for throttling and the audit log). */
export interface LoginSource {
  ip: string;
  correlationId?: string;
}

/** An authenticated request's principal. */
export interface AuthenticatedSession {
  user: SessionUser;
  csrfToken: string;
}

@Injectable()
export class AuthService implements OnApplicationBootstrap {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly attempts: LoginAttemptsRepository,
    private readonly totp: TotpService,
    private readonly audit: AuditService,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AuthService.name);
  }

  /** The admin user always exists; WHARF_ADMIN_PASSWORD (when set) is its password from every start on. */
  async onApplicationBootstrap(): Promise<void> {
    const admin = await this.users.ensureAdmin(ADMIN_USERNAME);
    const wanted = this.config.adminPassword;
    if (
      wanted !== undefined &&
      !(admin.passwordHash !== null && (await verifyPassword(admin.passwordHash, wanted)))
    ) {
      await this.users.setPassword(admin.id, await hashPassword(wanted));
      this.logger.info('admin password set from WHARF_ADMIN_PASSWORD');
    }
    await this.sessions.deleteExpired(new Date());
  }

  async setupStatus(): Promise<SetupStatus> {
    const admin = await this.users.findByUsername(ADMIN_USERNAME);
    return { needsAdminPassword: admin === null || admin.passwordHash === null };
  }

  /** First-run only: sets the admin password and logs the caller in. */
  async setupAdmin(password: string): Promise<IssuedSession> {
    const admin = await this.users.ensureAdmin(ADMIN_USERNAME);
    if (
      admin.passwordHash !== null ||
      !(await this.users.setInitialPassword(admin.id, await hashPassword(password)))
    ) {
      throw new AppError('Conflict', 'SETUP_DONE', 'the admin password is already set');
    }
    this.logger.info('admin password set through first-run setup');
    return this.openSession(admin);
  }

  async login(request: LoginRequest, source: LoginSource): Promise<IssuedSession> {
    const key = `${request.username.toLowerCase()}|${source.ip}`;
    const now = new Date();
    const decision = decideLoginAttempt(await this.attempts.find(key), now);
    if (decision.kind === 'locked') {
      this.logger.warn({ username: request.username, ip: source.ip }, 'login refused: locked out');
      await this.auditLogin(request.username, null, source, 'denied', 'locked out');
      throw new AppError(
        'ResourceExhausted',
        'RATE_LIMITED',
        'too many failed logins; try again later',
        {
          details: { retryAfterSeconds: Math.ceil(decision.retryAfterMs / 1000) },
        },
      );
    }
    await sleep(decision.delayMs);
    const user = await this.users.findByUsername(request.username);
    const ok = await verifyPassword(user?.passwordHash ?? null, request.password);
    if (!ok || user === null || user.disabled) return this.failLogin(key, request.username, source);
    if (user.totpEnabled) {
      if (request.totp === undefined)
        throw new AppError(
          'Unauthenticated',
          'TOTP_REQUIRED',
          'enter the code of your second factor (two-factor authentication)',
        );
      if (!(await this.totp.verifyLoginFactor(user.id, user.totpSecret, request.totp)))
        return this.failLogin(key, request.username, source);
    }
    await this.attempts.clear(key);
    await this.auditLogin(user.username, user, source, 'success');
    return this.openSession(user);
  }

  private async failLogin(key: string, username: string, source: LoginSource): Promise<never> {
    await this.attempts.save(key, recordLoginFailure(await this.attempts.find(key), new Date()));
    this.logger.warn({ username, ip: source.ip }, 'login failed');
    await this.auditLogin(username, null, source, 'failure');
    throw new AppError('Unauthenticated', 'LOGIN_FAILED', LOGIN_FAILED_MESSAGE);
  }

  private auditLogin(
    username: string,
    user: UserWithHash | null,
    source: LoginSource,
    result: 'success' | 'failure' | 'denied',
    reason?: string,
  ): Promise<void> {
    const actor =
      user === null
        ? { type: 'anonymous' as const, name: username }
        : {
            kind: 'user' as const,
            userId: user.id,
            username: user.username,
            isAdmin: user.isAdmin,
            teamIds: [],
            grants: [],
          };
    return this.audit.record({
      actor,
      action: 'auth.login',
      target: { type: 'user', id: user?.id ?? username },
      result,
      ip: source.ip,
      correlationId: source.correlationId,
      details: reason === undefined ? undefined : { reason },
    });
  }

  /** Requires the current password; every other session of the user ends. */
  async changePassword(
    userId: string,
    currentSessionToken: string | undefined,
    current: string,
    next: string,
  ): Promise<void> {
    const user = await this.users.findById(userId);
    if (user === null || !(await verifyPassword(user.passwordHash, current)))
      throw new AppError('PermissionDenied', 'PASSWORD_WRONG', 'the current password is not right');
    await this.users.changePassword(
      userId,
      await hashPassword(next),
      hashToken(currentSessionToken ?? ''),
    );
  }

  /** Ends every session of the user (this one included). */
  logoutEverywhere(userId: string): Promise<number> {
    return this.sessions.deleteAllOf(userId);
  }

  async logout(sessionToken: string | undefined): Promise<void> {
    if (sessionToken !== undefined) await this.sessions.delete(hashToken(sessionToken));
  }

  /** The session behind a cookie value, or undefined when it is missing, unknown or expired. */
  async authenticate(sessionToken: string | undefined): Promise<AuthenticatedSession | undefined> {
    if (sessionToken === undefined || sessionToken.length === 0) return undefined;
    const session = await this.sessions.findValid(hashToken(sessionToken), new Date());
    return session === null ? undefined : { user: session.user, csrfToken: session.csrfToken };
  }

  private async openSession(user: SessionUser): Promise<IssuedSession> {
    const sessionToken = newOpaqueToken();
    const csrfToken = newOpaqueToken();
    const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
    await this.sessions.create(hashToken(sessionToken), user.id, csrfToken, expiresAt);
    return {
      user: { id: user.id, username: user.username, isAdmin: user.isAdmin },
      sessionToken,
      csrfToken,
      expiresAt,
    };
  }
}
