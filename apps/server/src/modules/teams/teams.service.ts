import { Injectable } from '@nestjs/common';
import {
  GLOBAL_TARGET,
  can,
  type CreateTeamRequest,
  type Principal,
  type Team,
  type UpdateTeamRequest,
} from '@wharf/contracts';
import { AppError } from '@wharf/errors';

import { denied } from '../access/access.service';
import { type ActionContext } from '../audit/audit-context';
import { AuditService } from '../audit/audit.service';
import { TeamsRepository } from './teams.repository';

function teamNotFound(): never {
  throw new AppError('NotFound', 'TEAM_NOT_FOUND', 'no such team');
}

const isManager = (p: Principal): boolean => can(p, 'team:manage', GLOBAL_TARGET);

/**
 * Teams: team managers (team:manage) see and change all; members see their own teams; leaders
 * add and remove members of their team (only managers appoint leaders).
 */
@Injectable()
export class TeamsService {
  constructor(
    private readonly teams: TeamsRepository,
    private readonly audit: AuditService,
  ) {}

  list(principal: Principal): Promise<Team[]> {
    return this.teams.list(isManager(principal) ? undefined : principal.userId);
  }

  /** Someone who may not see the team gets the same 404 as for a missing one. */
  async get(principal: Principal, id: string): Promise<Team> {
    const team = (await this.teams.find(id)) ?? teamNotFound();
    if (!isManager(principal) && !team.members.some((m) => m.userId === principal.userId))
      teamNotFound();
    return team;
  }

  async create(ctx: ActionContext, request: CreateTeamRequest): Promise<Team> {
    if (await this.teams.nameTaken(request.name))
      throw new AppError('AlreadyExists', 'TEAM_NAME_TAKEN', 'a team with that name exists');
    const team = await this.teams.create(request);
    await this.audit.recordAction(ctx, 'team.create', { type: 'team', id: team.id }, 'success', {
      name: team.name,
    });
    return team;
  }

  async update(ctx: ActionContext, id: string, request: UpdateTeamRequest): Promise<Team> {
    if ((await this.teams.find(id)) === null) teamNotFound();
    if (request.name !== undefined && (await this.teams.nameTaken(request.name, id)))
      throw new AppError('AlreadyExists', 'TEAM_NAME_TAKEN', 'a team with that name exists');
    const team = await this.teams.update(id, request);
    await this.audit.recordAction(ctx, 'team.update', { type: 'team', id }, 'success', {
      ...request,
    });
    return team;
  }

  async remove(ctx: ActionContext, id: string): Promise<void> {
    const team = (await this.teams.find(id)) ?? teamNotFound();
    await this.teams.delete(id);
    await this.audit.recordAction(ctx, 'team.delete', { type: 'team', id }, 'success', {
      name: team.name,
    });
  }

  async setMember(
    ctx: ActionContext,
    teamId: string,
    userId: string,
    isLeader: boolean,
  ): Promise<Team> {
    const team = await this.get(ctx.principal, teamId);
    const manager = isManager(ctx.principal);
    const current = team.members.find((m) => m.userId === userId);
    if (!manager && (!this.leads(ctx.principal, team) || isLeader || current?.isLeader === true))
      throw denied('team:manage');
    if (!(await this.teams.userExists(userId)))
      throw new AppError('NotFound', 'USER_NOT_FOUND', 'no such user');
    await this.teams.setMember(teamId, userId, isLeader);
    await this.audit.recordAction(ctx, 'team.member.set', { type: 'team', id: teamId }, 'success', {
      userId,
      isLeader,
    });
    return this.get(ctx.principal, teamId);
  }

  async removeMember(ctx: ActionContext, teamId: string, userId: string): Promise<void> {
    const team = await this.get(ctx.principal, teamId);
    const target = team.members.find((m) => m.userId === userId);
    if (
      !isManager(ctx.principal) &&
      (!this.leads(ctx.principal, team) || target?.isLeader === true)
    )
      throw denied('team:manage');
    if (target === undefined || !(await this.teams.removeMember(teamId, userId)))
      throw new AppError('NotFound', 'MEMBER_NOT_FOUND', 'that user is not a member');
    await this.audit.recordAction(
      ctx,
      'team.member.remove',
      { type: 'team', id: teamId },
      'success',
      { userId },
    );
  }

  private leads(principal: Principal, team: Team): boolean {
    return team.members.some((m) => m.userId === principal.userId && m.isLeader);
  }
}
