import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

/** What the relay needs to know about hosts and containers before it forwards a request. */
@Injectable()
export class OperationsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  hostName(id: string): Promise<{ name: string } | null> {
    return this.db.host.findUnique({ where: { id }, select: { name: true } });
  }

  /** The owner of a container known by id, id prefix (≥ 12) or name on that host. */
  async containerOwner(
    hostId: string,
    ref: string,
  ): Promise<{ ownerUser: string | null; labelsJson: string } | null> {
    return this.db.hostContainer.findFirst({
      where: {
        hostId,
        OR: [
          { id: ref },
          { name: ref },
          ...(ref.length >= 12 ? [{ id: { startsWith: ref } }] : []),
        ],
      },
      select: { ownerUser: true, labelsJson: true },
    });
  }
}
