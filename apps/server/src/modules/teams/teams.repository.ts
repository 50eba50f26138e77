import { Inject, Injectable } from '@nestjs/common';
import { type Team } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

const SELECT = {
  id: true,
  name: true,
  description: true,
  createdAt: true,
  members: { select: { userId: true, isLeader: true, user: { select: { username: true } } } },
} as const;

interface Row {
  id: string;
  name: string;
  description: string;
  createdAt: Date;
  members: { userId: string; isLeader: boolean; user: { username: string } }[];
}

const toTeam = (r: Row): Team => ({
  id: r.id,
  name: r.name,
  description: r.description,
  createdAt: r.createdAt.toISOString(),
  members: r.members
    .map((m) => ({ userId: m.userId, username: m.user.username, isLeader: m.isLeader }))
    .sort((a, b) => (a.username < b.username ? -1 : 1)),
});

@Injectable()
export class TeamsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async list(onlyMemberId?: string): Promise<Team[]> {
    const where = onlyMemberId === undefined ? {} : { members: { some: { userId: onlyMemberId } } };
    return (await this.db.team.findMany({ where, select: SELECT, orderBy: { name: 'asc' } })).map(
      toTeam,
    );
  }

  async find(id: string): Promise<Team | null> {
    const row = await this.db.team.findUnique({ where: { id }, select: SELECT });
    return row === null ? null : toTeam(row);
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    const not = exceptId === undefined ? {} : { id: { not: exceptId } };
    return (await this.db.team.count({ where: { name, ...not } })) > 0;
  }

  async create(data: { name: string; description: string }): Promise<Team> {
    return toTeam(await this.db.team.create({ data, select: SELECT }));
  }

  async update(id: string, data: { name?: string; description?: string }): Promise<Team> {
    return toTeam(await this.db.team.update({ where: { id }, data, select: SELECT }));
  }

  async delete(id: string): Promise<void> {
    await this.db.team.delete({ where: { id } });
  }

  async userExists(userId: string): Promise<boolean> {
    return (await this.db.user.count({ where: { id: userId } })) > 0;
  }

  async setMember(teamId: string, userId: string, isLeader: boolean): Promise<void> {
    await this.db.teamMember.upsert({
      where: { teamId_userId: { teamId, userId } },
      update: { isLeader },
      create: { teamId, userId, isLeader },
    });
  }

  /** False when the user was not a member. */
  async removeMember(teamId: string, userId: string): Promise<boolean> {
    return (await this.db.teamMember.deleteMany({ where: { teamId, userId } })).count === 1;
  }
}
