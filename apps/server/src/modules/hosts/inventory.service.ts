import { Injectable } from '@nestjs/common';
import {
  type InventoryPage,
  type InventoryQuery,
  type ObjectKind,
  type Principal,
} from '@wharf/contracts';

import { AccessService } from '../access/access.service';
import { HostStateRepository } from './host-state.repository';
import { toInventoryItem } from './inventory.mapper';

/**
 * The all-hosts lists, read from the database copy of every host's state, limited to the hosts
 * where the caller holds `<kind>:read`; where that grant is ownership-restricted (standard user),
 * to what they or their teams own (`wharf.owner.user` / `wharf.owner.team`) or what is public.
 */
@Injectable()
export class InventoryService {
  constructor(
    private readonly state: HostStateRepository,
    private readonly access: AccessService,
  ) {}

  async list(
    principal: Principal,
    kind: ObjectKind,
    query: InventoryQuery,
  ): Promise<InventoryPage> {
    const reach = await this.access.hostReach(principal, `${kind}:read`);
    const { rows, total } = await this.state.list(kind, {
      ...query,
      reach: {
        anyHosts: reach.any,
        ownHosts: reach.own,
        owner: { userId: principal.userId, teams: principal.teamIds },
      },
    });
    return {
      items: rows.map((r) => toInventoryItem(r.hostId, r)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
