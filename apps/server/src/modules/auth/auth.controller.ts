import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import {
  GLOBAL_TARGET,
  MyAccessSchema,
  SESSION_COOKIE,
  SessionUserSchema,
  SetupStatusSchema,
  TotpConfirmedSchema,
  TotpEnrollmentSchema,
  effectivePermissions,
  type MyAccess,
  type SessionUser,
  type SetupStatus,
  type TotpConfirmed,
  type TotpEnrollment,
} from '@wharf/contracts';
import { type Response } from 'express';

import { Authenticated, Public } from '../access/access.decorators';
import { principalOf, type PrincipalRequest } from '../access/principal-request';
import { actionContext, requestContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { Responds, RespondsEmpty } from '../openapi/responds.decorators';
import {
  ChangePasswordDto,
  LoginDto,
  SetupAdminDto,
  TotpCodeDto,
  TotpDisableDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { clearSessionCookies, setSessionCookies } from './session-cookies';
import { TotpService } from './totp.service';

const sessionCookie = (req: PrincipalRequest): string | undefined =>
  (req.cookies as Record<string, string | undefined>)[SESSION_COOKIE];

@Controller()
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly totp: TotpService,
    private readonly audit: AuditService,
  ) {}

  @Get('setup/status')
  @Public()
  @Responds(SetupStatusSchema)
  status(): Promise<SetupStatus> {
    return this.auth.setupStatus();
  }

  @Post('setup/admin')
  @HttpCode(200)
  @Public()
  @Responds(SessionUserSchema)
  async setupAdmin(
    @Body() body: SetupAdminDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionUser> {
    const session = await this.auth.setupAdmin(body.password);
    setSessionCookies(res, session);
    return session.user;
  }

  @Post('auth/login')
  @HttpCode(200)
  @Public()
  @Responds(SessionUserSchema)
  async login(
    @Body() body: LoginDto,
    @Req() req: PrincipalRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionUser> {
    const session = await this.auth.login(body, requestContext(req));
    setSessionCookies(res, session);
    return session.user;
  }

  @Post('auth/logout')
  @HttpCode(204)
  @Authenticated()
  @RespondsEmpty()
  async logout(
    @Req() req: PrincipalRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const ctx = actionContext(req);
    await this.auth.logout(sessionCookie(req));
    await this.audit.recordAction(ctx, 'auth.logout', { type: 'user', id: ctx.principal.userId });
    clearSessionCookies(res);
  }

  /** Ends every session of the caller, on every device. */
  @Post('auth/logout-all')
  @HttpCode(204)
  @Authenticated()
  @RespondsEmpty()
  async logoutAll(
    @Req() req: PrincipalRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const ctx = actionContext(req);
    const ended = await this.auth.logoutEverywhere(ctx.principal.userId);
    await this.audit.recordAction(
      ctx,
      'auth.logout-all',
      { type: 'user', id: ctx.principal.userId },
      'success',
      { sessions: ended },
    );
    clearSessionCookies(res);
  }

  @Get('auth/me')
  @Authenticated()
  @Responds(SessionUserSchema)
  me(@Req() req: PrincipalRequest): SessionUser {
    const { userId, username, isAdmin } = principalOf(req);
    return { id: userId, username, isAdmin };
  }

  /** What the caller may do globally, and the grants behind host-scoped permissions (for the UI). */
  @Get('auth/me/access')
  @Authenticated()
  @Responds(MyAccessSchema)
  myAccess(@Req() req: PrincipalRequest): MyAccess {
    const principal = principalOf(req);
    return {
      globalPermissions: effectivePermissions(principal, GLOBAL_TARGET),
      grants: principal.grants.map((g) => ({
        roleName: g.roleName,
        scope: g.scope,
        permissions: [...g.permissions],
      })),
    };
  }

  /** Changing your own password needs the current one and ends your other sessions. */
  @Post('auth/password')
  @HttpCode(204)
  @Authenticated()
  @RespondsEmpty()
  async changePassword(
    @Req() req: PrincipalRequest,
    @Body() body: ChangePasswordDto,
  ): Promise<void> {
    const ctx = actionContext(req);
    const target = { type: 'user', id: ctx.principal.userId };
    try {
      await this.auth.changePassword(
        ctx.principal.userId,
        sessionCookie(req),
        body.currentPassword,
        body.newPassword,
      );
    } catch (error) {
      await this.audit.recordAction(ctx, 'auth.password.change', target, 'failure');
      throw error;
    }
    await this.audit.recordAction(ctx, 'auth.password.change', target, 'success');
  }

  @Post('auth/totp/enroll')
  @HttpCode(200)
  @Authenticated()
  @Responds(TotpEnrollmentSchema)
  async enrollTotp(@Req() req: PrincipalRequest): Promise<TotpEnrollment> {
    const ctx = actionContext(req);
    const enrollment = await this.totp.enroll(ctx.principal.userId);
    await this.audit.recordAction(ctx, 'auth.totp.enroll', {
      type: 'user',
      id: ctx.principal.userId,
    });
    return enrollment;
  }

  @Post('auth/totp/confirm')
  @HttpCode(200)
  @Authenticated()
  @Responds(TotpConfirmedSchema)
  async confirmTotp(
    @Req() req: PrincipalRequest,
    @Body() body: TotpCodeDto,
  ): Promise<TotpConfirmed> {
    const ctx = actionContext(req);
    const confirmed = await this.totp.confirm(ctx.principal.userId, body.code);
    await this.audit.recordAction(ctx, 'auth.totp.enable', {
      type: 'user',
      id: ctx.principal.userId,
    });
    return confirmed;
  }

  @Post('auth/totp/disable')
  @HttpCode(204)
  @Authenticated()
  @RespondsEmpty()
  async disableTotp(@Req() req: PrincipalRequest, @Body() body: TotpDisableDto): Promise<void> {
    const ctx = actionContext(req);
    await this.totp.disable(ctx.principal.userId, body.password);
    await this.audit.recordAction(ctx, 'auth.totp.disable', {
      type: 'user',
      id: ctx.principal.userId,
    });
  }
}
