import { Body, Controller, Get, HttpCode, Post, Req, Res, UseGuards } from '@nestjs/common';
import { SESSION_COOKIE, type SessionUser, type SetupStatus } from '@wharf/contracts';
import { type Request, type Response } from 'express';

import { Authenticated, Public } from '../access/access.decorators';
import { LoginDto, SetupAdminDto } from './auth.dto';
import { AuthService } from './auth.service';
import { clearSessionCookies, setSessionCookies } from './session-cookies';
import { type AuthenticatedRequest, SessionGuard } from './session.guard';

@Controller()
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Get('setup/status')
  status(): Promise<SetupStatus> {
    return this.auth.setupStatus();
  }

  @Public()
  @Post('setup/admin')
  @HttpCode(200)
  async setupAdmin(
    @Body() body: SetupAdminDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionUser> {
    const session = await this.auth.setupAdmin(body.password);
    setSessionCookies(res, session);
    return session.user;
  }

  @Public()
  @Post('auth/login')
  @HttpCode(200)
  async login(
    @Body() body: LoginDto,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SessionUser> {
    const session = await this.auth.login(body, req.socket.remoteAddress ?? 'unknown');
    setSessionCookies(res, session);
    return session.user;
  }

  @Authenticated()
  @Post('auth/logout')
  @HttpCode(204)
  @UseGuards(SessionGuard)
  async logout(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.auth.logout((req.cookies as Record<string, string | undefined>)[SESSION_COOKIE]);
    clearSessionCookies(res);
  }

  @Authenticated()
  @Get('auth/me')
  @UseGuards(SessionGuard)
  me(@Req() req: AuthenticatedRequest): SessionUser | undefined {
    return req.session?.user;
  }
}
