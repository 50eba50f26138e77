import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Req } from '@nestjs/common';
import {
  AgentJoinResponseSchema,
  GLOBAL_TARGET,
  HostSchema,
  HostWithDetailSchema,
  JoinTokenSchema,
  type AgentJoinResponse,
  type Host,
  type HostWithDetail,
  type JoinToken,
} from '@wharf/contracts';
import { type Request } from 'express';
import { z } from 'zod';

import { hostFromParam, Public, RequirePermission } from '../access/access.decorators';
import { type PrincipalRequest } from '../access/principal-request';
import { actionContext } from '../audit/audit-context';
import { Responds, RespondsEmpty } from '../openapi/responds.decorators';
import { AgentJoinDto, CreateJoinTokenDto, UpdateHostDto } from './hosts.dto';
import { HostsService } from './hosts.service';

@Controller('hosts')
export class HostsController {
  constructor(private readonly hosts: HostsService) {}

  @RequirePermission('host:read')
  @Get()
  @Responds(z.array(HostSchema))
  list(@Req() req: PrincipalRequest): Promise<Host[]> {
    return this.hosts.list(actionContext(req));
  }

  @RequirePermission('host:manage', () => GLOBAL_TARGET)
  @Post('join-tokens')
  @HttpCode(201)
  @Responds(JoinTokenSchema)
  createJoinToken(
    @Req() req: PrincipalRequest,
    @Body() body: CreateJoinTokenDto,
  ): Promise<JoinToken> {
    return this.hosts.createJoinToken(actionContext(req), body.ttlSeconds);
  }

  @RequirePermission('host:manage', () => GLOBAL_TARGET)
  @Delete('join-tokens/:id')
  @HttpCode(204)
  @RespondsEmpty()
  revokeJoinToken(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.hosts.revokeJoinToken(actionContext(req), id);
  }

  @RequirePermission('host:read', hostFromParam('id'))
  @Get(':id')
  @Responds(HostWithDetailSchema)
  get(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<HostWithDetail> {
    return this.hosts.get(actionContext(req), id);
  }

  @RequirePermission('host:manage', hostFromParam('id'))
  @Patch(':id')
  @Responds(HostSchema)
  update(
    @Req() req: PrincipalRequest,
    @Param('id') id: string,
    @Body() body: UpdateHostDto,
  ): Promise<Host> {
    return this.hosts.update(actionContext(req), id, body);
  }

  @RequirePermission('host:manage', hostFromParam('id'))
  @Delete(':id')
  @HttpCode(204)
  @RespondsEmpty()
  remove(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.hosts.remove(actionContext(req), id);
  }

  @RequirePermission('host:manage', hostFromParam('id'))
  @Post(':id/rotate')
  @HttpCode(200)
  @Responds(HostSchema)
  rotate(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<Host> {
    return this.hosts.rotateCertificate(actionContext(req), id);
  }

  @RequirePermission('host:manage', hostFromParam('id'))
  @Post(':id/revoke')
  @HttpCode(200)
  @Responds(HostSchema)
  revoke(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<Host> {
    return this.hosts.revokeCertificate(actionContext(req), id);
  }
}

@Controller('agents')
export class AgentJoinController {
  constructor(private readonly hosts: HostsService) {}

  @Public()
  @Post('join')
  @HttpCode(201)
  @Responds(AgentJoinResponseSchema)
  join(@Body() body: AgentJoinDto, @Req() req: Request): Promise<AgentJoinResponse> {
    return this.hosts.join(body, req.socket.remoteAddress ?? 'unknown');
  }
}
