import { Injectable } from '@nestjs/common';
import {
  type InventoryPage,
  type InventoryQuery,
  type ObjectKind,
  type SessionUser,
} from '@wharf/contracts';

import { HostStateRepository } from './host-state.repository';
import { toInventoryItem } from './inventory.mapper';

/**
 * The all-hosts lists, read from the database copy of every host's state. Administrators see
 * everything; other users see the containers they own (`wharf.owner.user`) or that are public.
 */
@Injectable()
export class InventoryService {
  constructor(private readonly state: HostStateRepository) {}

  async list(actor: SessionUser, kind: ObjectKind, query: InventoryQuery): Promise<InventoryPage> {
    const owner = actor.isAdmin ? undefined : { userId: actor.id, teams: [] };
    if (owner !== undefined && kind !== 'container')
      return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    const { rows, total } = await this.state.list(kind, { ...query, owner });
    return {
      items: rows.map((r) => toInventoryItem(r.hostId, r)),
      total,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
}
