import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  Patch,
  Post,
  Put,
  Req,
} from '@nestjs/common';
import {
  CreateTeamRequestSchema,
  SetTeamMemberRequestSchema,
  TeamSchema,
  UpdateTeamRequestSchema,
  type Team,
} from '@wharf/contracts';
import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

import { Authenticated, RequirePermission } from '../access/access.decorators';
import { principalOf, type PrincipalRequest } from '../access/principal-request';
import { actionContext } from '../audit/audit-context';
import { Responds, RespondsEmpty } from '../openapi/responds.decorators';
import { TeamsService } from './teams.service';

class CreateTeamDto extends createZodDto(CreateTeamRequestSchema) {}
class UpdateTeamDto extends createZodDto(UpdateTeamRequestSchema) {}
class SetTeamMemberDto extends createZodDto(SetTeamMemberRequestSchema) {}

@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  /** Managers see every team, others the teams they belong to. */
  @Get()
  @Authenticated()
  @Responds(z.array(TeamSchema))
  list(@Req() req: PrincipalRequest): Promise<Team[]> {
    return this.teams.list(principalOf(req));
  }

  @Post()
  @HttpCode(201)
  @RequirePermission('team:manage')
  @Responds(TeamSchema)
  create(@Req() req: PrincipalRequest, @Body() body: CreateTeamDto): Promise<Team> {
    return this.teams.create(actionContext(req), body);
  }

  @Get(':id')
  @Authenticated()
  @Responds(TeamSchema)
  get(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<Team> {
    return this.teams.get(principalOf(req), id);
  }

  @Patch(':id')
  @RequirePermission('team:manage')
  @Responds(TeamSchema)
  update(
    @Req() req: PrincipalRequest,
    @Param('id') id: string,
    @Body() body: UpdateTeamDto,
  ): Promise<Team> {
    return this.teams.update(actionContext(req), id, body);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('team:manage')
  @RespondsEmpty()
  remove(@Req() req: PrincipalRequest, @Param('id') id: string): Promise<void> {
    return this.teams.remove(actionContext(req), id);
  }

  /** Team leaders manage their own team's members (checked in the service). */
  @Put(':id/members/:userId')
  @Authenticated()
  @Responds(TeamSchema)
  setMember(
    @Req() req: PrincipalRequest,
    @Param('id') id: string,
    @Param('userId') userId: string,
    @Body() body: SetTeamMemberDto,
  ): Promise<Team> {
    return this.teams.setMember(actionContext(req), id, userId, body.isLeader);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @Authenticated()
  @RespondsEmpty()
  removeMember(
    @Req() req: PrincipalRequest,
    @Param('id') id: string,
    @Param('userId') userId: string,
  ): Promise<void> {
    return this.teams.removeMember(actionContext(req), id, userId);
  }
}
