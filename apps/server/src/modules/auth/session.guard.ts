import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { CSRF_HEADER, SESSION_COOKIE } from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { type Request } from 'express';

import { AuthService, type AuthenticatedSession } from './auth.service';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Request augmented by the guard. */
export type AuthenticatedRequest = Request & { session?: AuthenticatedSession };

/**
 * Requires a valid session cookie, and on state-changing methods the CSRF token echoed in
 * `x-csrf-token` (double submit: a cross-site page can send the cookie but cannot read it).
 */
@Injectable()
export class SessionGuard implements CanActivate {
  constructor(private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // The global AccessGuard has already authenticated (cookie + CSRF, or an API token).
    if ('principal' in request && request.principal !== undefined && request.session !== undefined)
      return true;
    const cookies = request.cookies as Record<string, string | undefined> | undefined;
    const session = await this.auth.authenticate(cookies?.[SESSION_COOKIE]);
    if (session === undefined)
      throw new AppError('Unauthenticated', 'NOT_LOGGED_IN', 'log in first');
    if (!SAFE_METHODS.has(request.method) && request.header(CSRF_HEADER) !== session.csrfToken) {
      throw new AppError('PermissionDenied', 'CSRF_MISMATCH', 'missing or wrong CSRF token');
    }
    request.session = session;
    return true;
  }
}
