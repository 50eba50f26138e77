import { Inject, Injectable } from '@nestjs/common';
import { type OwnedKind } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

type Labels = Record<string, string>;

/** What the relay needs to know about hosts and resources before it forwards a request. */
@Injectable()
export class OperationsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  hostName(id: string): Promise<{ name: string } | null> {
    return this.db.host.findUnique({ where: { id }, select: { name: true } });
  }

  /**
   * The labels of a container, volume or network known by id, id prefix (≥ 12) or name on that
   * host, from the server's copy of its state; null when the server does not know it.
   */
  async labelsOf(kind: OwnedKind, hostId: string, ref: string): Promise<Labels | null> {
    const where = {
      hostId,
      OR: [{ id: ref }, { name: ref }, ...(ref.length >= 12 ? [{ id: { startsWith: ref } }] : [])],
    };
    const select = { labelsJson: true } as const;
    const row =
      kind === 'container'
        ? await this.db.hostContainer.findFirst({ where, select })
        : kind === 'volume'
          ? await this.db.hostVolume.findFirst({ where, select })
          : kind === 'network'
            ? await this.db.hostNetwork.findFirst({ where, select })
            : null;
    return row === null ? null : (JSON.parse(row.labelsJson) as Labels);
  }
}
