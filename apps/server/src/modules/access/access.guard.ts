import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { CSRF_HEADER, SESSION_COOKIE, type Principal } from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { AuthService } from '../auth/auth.service';
import { ACCESS_DECISION, type AccessDecision } from './access.decorators';
import { AccessService } from './access.service';
import { type PrincipalRequest } from './principal-request';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const notLoggedIn = (): AppError =>
  new AppError('Unauthenticated', 'NOT_LOGGED_IN', 'log in first');

/**
 * The global guard. A REST route without @Public(), @Authenticated() or @RequirePermission() is
 * refused, so a forgotten decorator fails closed. Callers authenticate with the session cookie (plus
 * the CSRF header on state-changing methods) or with `Authorization: Bearer wharf_pat_…` (no CSRF:
 * a cross-site page cannot set that header).
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
    private readonly access: AccessService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const decision = this.reflector.getAllAndOverride<AccessDecision | undefined>(ACCESS_DECISION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (context.getType() === 'ws') return this.socketEvent(context, decision);
    if (context.getType() !== 'http') return true;
    if (decision === undefined)
      throw new AppError(
        'PermissionDenied',
        'NO_ACCESS_DECISION',
        'this endpoint is not open to anyone',
      );
    if (decision.kind === 'public') return true;
    const req = context.switchToHttp().getRequest<PrincipalRequest>();
    const principal = await this.authenticate(req);
    if (decision.kind === 'permission') {
      const scope = decision.scope?.({
        params: req.params as Record<string, string | undefined>,
        query: req.query,
        body: req.body as unknown,
      });
      await this.access.require(principal, decision.permission, scope);
    }
    return true;
  }

  /** Authenticates the request and attaches `principal` (and the legacy `session`). */
  async authenticate(req: PrincipalRequest): Promise<Principal> {
    const authorization = req.header('authorization');
    if (authorization !== undefined) {
      const match = /^Bearer\s+(\S+)$/i.exec(authorization);
      const principal =
        match?.[1] === undefined ? null : await this.access.principalForApiToken(match[1]);
      if (principal === null)
        throw new AppError('Unauthenticated', 'BAD_TOKEN', 'invalid or expired API token');
      return attach(req, principal, '');
    }
    const cookies = req.cookies as Record<string, string | undefined> | undefined;
    const session = await this.auth.authenticate(cookies?.[SESSION_COOKIE]);
    if (session === undefined) throw notLoggedIn();
    if (!SAFE_METHODS.has(req.method) && req.header(CSRF_HEADER) !== session.csrfToken)
      throw new AppError('PermissionDenied', 'CSRF_MISMATCH', 'missing or wrong CSRF token');
    const principal = await this.access.principalForUser(session.user.id);
    if (principal === null) throw notLoggedIn();
    return attach(req, principal, session.csrfToken);
  }

  /** Socket handlers that carry a decision need `socket.data.principal` (set at the handshake). */
  private async socketEvent(
    context: ExecutionContext,
    decision: AccessDecision | undefined,
  ): Promise<boolean> {
    if (decision === undefined || decision.kind === 'public') return true;
    const client = context.switchToWs().getClient<{ data?: { principal?: Principal } }>();
    const principal = client.data?.principal;
    if (principal === undefined) throw notLoggedIn();
    if (decision.kind === 'permission') {
      const body: unknown = context.switchToWs().getData();
      await this.access.require(
        principal,
        decision.permission,
        decision.scope?.({ params: {}, query: {}, body }),
      );
    }
    return true;
  }
}

function attach(req: PrincipalRequest, principal: Principal, csrfToken: string): Principal {
  req.principal = principal;
  req.session = {
    user: { id: principal.userId, username: principal.username, isAdmin: principal.isAdmin },
    csrfToken,
  };
  return principal;
}
