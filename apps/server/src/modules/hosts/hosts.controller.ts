import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Post,
  Req,
  UseGuards,
} from '@nestjs/common';
import {
  type AgentJoinResponse,
  type Host,
  type JoinToken,
  type SessionUser,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';
import { type Request } from 'express';

import { type AuthenticatedRequest, SessionGuard } from '../auth/session.guard';
import { AgentJoinDto, CreateJoinTokenDto } from './hosts.dto';
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
