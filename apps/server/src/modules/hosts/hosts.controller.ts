import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  GLOBAL_TARGET,
  type AgentJoinResponse,
  type Host,
  type HostDetail,
  type JoinToken,
  type SessionUser,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { type Request } from 'express';

import { hostFromParam, Public, RequirePermission } from '../access/access.decorators';
import { type AuthenticatedRequest, SessionGuard } from '../auth/session.guard';
import { AgentJoinDto, CreateJoinTokenDto, UpdateHostDto } from './hosts.dto';
import { HostsService } from './hosts.service';

function actorOf(req: AuthenticatedRequest): SessionUser {
  if (req.session === undefined)
    throw new AppError('Unauthenticated', 'NOT_LOGGED_IN', 'log in first');
  return req.session.user;
}

@Controller('hosts')
@UseGuards(SessionGuard)
export class HostsController {
  constructor(private readonly hosts: HostsService) {}

  @RequirePermission('host:read')
  @Get()
  list(@Req() req: AuthenticatedRequest): Promise<Host[]> {
    return this.hosts.list(actorOf(req));
  }

  @RequirePermission('host:manage', () => GLOBAL_TARGET)
  @Post('join-tokens')
  @HttpCode(201)
  createJoinToken(
    @Req() req: AuthenticatedRequest,
    @Body() body: CreateJoinTokenDto,
  ): Promise<JoinToken> {
    return this.hosts.createJoinToken(actorOf(req), body.ttlSeconds);
  }

  @RequirePermission('host:manage', () => GLOBAL_TARGET)
  @Delete('join-tokens/:id')
  @HttpCode(204)
  revokeJoinToken(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    return this.hosts.revokeJoinToken(actorOf(req), id);
  }

  @RequirePermission('host:read', hostFromParam('id'))
  @Get(':id')
  get(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Host & HostDetail> {
    return this.hosts.get(actorOf(req), id);
  }

  @RequirePermission('host:manage', hostFromParam('id'))
  @Patch(':id')
  update(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
    @Body() body: UpdateHostDto,
  ): Promise<Host> {
    return this.hosts.update(actorOf(req), id, body);
  }

  @RequirePermission('host:manage', hostFromParam('id'))
  @Delete(':id')
  @HttpCode(204)
  remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    return this.hosts.remove(actorOf(req), id);
  }

  @RequirePermission('host:manage', hostFromParam('id'))
  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Host> {
    return this.hosts.revokeCertificate(actorOf(req), id);
  }
}

@Controller('agents')
export class AgentJoinController {
  constructor(private readonly hosts: HostsService) {}

  @Public()
  @Post('join')
  @HttpCode(201)
  join(@Body() body: AgentJoinDto, @Req() req: Request): Promise<AgentJoinResponse> {
    return this.hosts.join(body, req.socket.remoteAddress ?? 'unknown');
  }
}
