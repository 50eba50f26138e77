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
  type AgentJoinResponse,
  type Host,
  type HostDetail,
  type JoinToken,
  type SessionUser,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { type Request } from 'express';

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

  @Get()
  list(@Req() req: AuthenticatedRequest): Promise<Host[]> {
    return this.hosts.list(actorOf(req));
  }

  @Post('join-tokens')
  @HttpCode(201)
  createJoinToken(
    @Req() req: AuthenticatedRequest,
    @Body() body: CreateJoinTokenDto,
  ): Promise<JoinToken> {
    return this.hosts.createJoinToken(actorOf(req), body.ttlSeconds);
  }

  @Delete('join-tokens/:id')
  @HttpCode(204)
  revokeJoinToken(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    return this.hosts.revokeJoinToken(actorOf(req), id);
  }

  @Get(':id')
  get(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Host & HostDetail> {
    return this.hosts.get(actorOf(req), id);
  }

  @Patch(':id')
  update(
    @Req() req: AuthenticatedRequest,
    @Param('id') id: string,
    @Body() body: UpdateHostDto,
  ): Promise<Host> {
    return this.hosts.update(actorOf(req), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  remove(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<void> {
    return this.hosts.remove(actorOf(req), id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  revoke(@Req() req: AuthenticatedRequest, @Param('id') id: string): Promise<Host> {
    return this.hosts.revokeCertificate(actorOf(req), id);
  }
}

@Controller('agents')
export class AgentJoinController {
  constructor(private readonly hosts: HostsService) {}

  @Post('join')
  @HttpCode(201)
  join(@Body() body: AgentJoinDto, @Req() req: Request): Promise<AgentJoinResponse> {
    return this.hosts.join(body, req.socket.remoteAddress ?? 'unknown');
  }
}
