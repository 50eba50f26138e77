import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

/** Host lookups for job targets. */
@Injectable()
export class JobsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async existingHosts(ids: string[]): Promise<Map<string, string>> {
    const rows = await this.db.host.findMany({
      where: { id: { in: ids } },
      select: { id: true, name: true },
    });
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async idsInGroup(group: string): Promise<string[]> {
    const rows = await this.db.host.findMany({
      where: { groupsJson: { contains: JSON.stringify(group) } },
      select: { id: true, groupsJson: true },
    });
    return rows
      .filter((r) => (JSON.parse(r.groupsJson) as string[]).includes(group))
      .map((r) => r.id);
  }

  async hostName(id: string): Promise<string> {
    return (await this.db.host.findUnique({ where: { id }, select: { name: true } }))?.name ?? id;
  }
}
