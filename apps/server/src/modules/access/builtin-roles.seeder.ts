import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { BUILTIN_ROLE_IDS, BUILTIN_ROLES } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

/** Built-in roles are rows too (bindings reference them), rewritten from the code at every start. */
@Injectable()
export class BuiltinRolesSeeder implements OnApplicationBootstrap {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const id of BUILTIN_ROLE_IDS) {
      const role = BUILTIN_ROLES[id];
      const data = {
        name: role.name,
        permissionsJson: JSON.stringify(role.permissions),
        ownership: role.ownership,
        builtin: true,
      };
      await this.db.role.upsert({ where: { id }, update: data, create: { id, ...data } });
    }
  }
}
