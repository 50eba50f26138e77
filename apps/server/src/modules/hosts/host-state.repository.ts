import { Inject, Injectable } from '@nestjs/common';
import { type InventoryQuery, type ObjectKind, type StateSnapshot } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';
import { OWNER_TEAM_LABEL, OWNER_USER_LABEL, toStateRow, type StateRow } from './inventory.mapper';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];

interface DbRow {
  hostId: string;
  id: string;
  name: string;
  labelsJson: string;
  createdAt: Date;
  dataJson: string;
  state?: string;
  status?: string;
  image?: string;
  driver?: string;
  sizeBytes?: number;
}

function columns(kind: ObjectKind, hostId: string, row: StateRow) {
  const common = {
    hostId,
    id: row.id,
    name: row.name,
    labelsJson: JSON.stringify(row.labels),
    createdAt: row.createdAt,
    dataJson: row.dataJson,
  };
  switch (kind) {
    case 'container':
      return {
        ...common,
        image: row.detail,
        state: row.state,
        status: row.status,
        ownerUser: row.labels[OWNER_USER_LABEL] ?? null,
        ownerTeam: row.labels[OWNER_TEAM_LABEL] ?? null,
      };
    case 'image':
      return { ...common, sizeBytes: row.sizeBytes };
    case 'volume':
    case 'network':
      return { ...common, driver: row.detail };
  }
}

function fromDb(row: DbRow): StateRow & { hostId: string } {
  return {
    hostId: row.hostId,
    id: row.id,
    name: row.name,
    state: row.state ?? '',
    detail: row.image ?? row.driver ?? row.name,
    labels: JSON.parse(row.labelsJson) as Record<string, string>,
    createdAt: row.createdAt,
    sizeBytes: row.sizeBytes ?? 0,
    status: row.status ?? '',
    dataJson: row.dataJson,
  };
}

/**
 * What a caller may see: everything on `anyHosts` ('all' = every host), and on `ownHosts` only what
 * `owner` (the user or one of their teams) owns or what is public.
 */
export interface InventoryReach {
  anyHosts: 'all' | string[];
  ownHosts: string[];
  owner: { userId: string; teams: readonly string[] };
}

/** Filters of the all-hosts lists, plus the caller's reach (undefined = no restriction). */
export interface InventoryFilter extends InventoryQuery {
  reach?: InventoryReach;
}

const PUBLIC_MARK = '"wharf.public":"true"';

/** Rows the owner owns or that are public: columns for containers, label JSON for volumes/networks. */
function ownedWhere(kind: ObjectKind, owner: InventoryReach['owner']): Record<string, unknown> {
  if (kind === 'container')
    return {
      OR: [
        { ownerUser: owner.userId },
        { ownerTeam: { in: [...owner.teams] } },
        { labelsJson: { contains: PUBLIC_MARK } },
      ],
    };
  const marks = [
    JSON.stringify({ [OWNER_USER_LABEL]: owner.userId }).slice(1, -1),
    ...owner.teams.map((t) => JSON.stringify({ [OWNER_TEAM_LABEL]: t }).slice(1, -1)),
    PUBLIC_MARK,
  ];
  return { OR: marks.map((m) => ({ labelsJson: { contains: m } })) };
}

function reachWhere(kind: ObjectKind, reach: InventoryReach): Record<string, unknown> | undefined {
  if (reach.anyHosts === 'all') return undefined;
  // Images carry no owner: an ownership-restricted grant sees all of a host's images.
  if (kind === 'image') return { hostId: { in: [...reach.anyHosts, ...reach.ownHosts] } };
  return {
    OR: [
      { hostId: { in: reach.anyHosts } },
      { AND: [{ hostId: { in: reach.ownHosts } }, ownedWhere(kind, reach.owner)] },
    ],
  };
}

const ORDER: Record<InventoryQuery['sort'], Record<string, 'asc' | 'desc'>[]> = {
  name: [{ name: 'asc' }, { id: 'asc' }],
  '-name': [{ name: 'desc' }, { id: 'asc' }],
  created: [{ createdAt: 'asc' }, { id: 'asc' }],
  '-created': [{ createdAt: 'desc' }, { id: 'asc' }],
  host: [{ hostId: 'asc' }, { name: 'asc' }],
  state: [{ name: 'asc' }],
};

/** The per-host engine state tables: the only Prisma user for them. */
@Injectable()
export class HostStateRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  // The four tables share their key and most columns, but Prisma gives each its own delegate type.
  private delegate(kind: ObjectKind, tx: Tx | Db = this.db) {
    const delegates = {
      container: tx.hostContainer,
      image: tx.hostImage,
      volume: tx.hostVolume,
      network: tx.hostNetwork,
    } as const;
    return delegates[kind] as unknown as {
      deleteMany(args: object): Promise<unknown>;
      createMany(args: object): Promise<unknown>;
      upsert(args: object): Promise<unknown>;
      findMany(args: object): Promise<DbRow[]>;
      count(args: object): Promise<number>;
    };
  }

  async syncPosition(hostId: string): Promise<{ epoch: string | null; seq: number } | null> {
    const row = await this.db.host.findUnique({
      where: { id: hostId },
      select: { syncEpoch: true, syncSeq: true },
    });
    return row === null ? null : { epoch: row.syncEpoch, seq: row.syncSeq };
  }

  /** Replaces everything known about the host with the snapshot, atomically. */
  async replace(hostId: string, snapshot: StateSnapshot): Promise<void> {
    const lists: [ObjectKind, unknown[]][] = [
      ['container', snapshot.containers],
      ['image', snapshot.images],
      ['volume', snapshot.volumes],
      ['network', snapshot.networks],
    ];
    const rows = lists.map(
      ([kind, items]) => [kind, items.map((i) => toStateRow(kind, i))] as const,
    );
    await this.db.$transaction(async (tx) => {
      for (const [kind, items] of rows) {
        const d = this.delegate(kind, tx);
        await d.deleteMany({ where: { hostId } });
        if (items.length > 0)
          await d.createMany({ data: items.map((r) => columns(kind, hostId, r)) });
      }
      await tx.host.update({
        where: { id: hostId },
        data: { syncEpoch: snapshot.epoch, syncSeq: snapshot.seq },
      });
    });
  }

  /**
   * Upserts (row) or deletes (null) one object and records the event's sequence number, atomically.
   * Answers the labels the object had before (null when it was unknown): who owned what is gone.
   */
  async patch(
    hostId: string,
    kind: ObjectKind,
    id: string,
    row: StateRow | null,
    seq: number,
  ): Promise<Record<string, string> | null> {
    return this.db.$transaction(async (tx) => {
      const d = this.delegate(kind, tx);
      const [before] = await d.findMany({ where: { hostId, id }, take: 1 });
      if (row === null) await d.deleteMany({ where: { hostId, id } });
      else {
        const data = columns(kind, hostId, row);
        await d.upsert({ where: { hostId_id: { hostId, id } }, create: data, update: data });
      }
      await tx.host.update({ where: { id: hostId }, data: { syncSeq: seq } });
      return before === undefined ? null : fromDb(before).labels;
    });
  }

  async list(
    kind: ObjectKind,
    filter: InventoryFilter,
  ): Promise<{ rows: (StateRow & { hostId: string })[]; total: number }> {
    const where = this.where(kind, filter);
    const d = this.delegate(kind);
    const orderBy =
      kind === 'container' && filter.sort === 'state'
        ? [{ state: 'asc' }, { name: 'asc' }]
        : ORDER[filter.sort];
    const [rows, total] = await Promise.all([
      d.findMany({
        where,
        orderBy,
        skip: (filter.page - 1) * filter.pageSize,
        take: filter.pageSize,
      }),
      d.count({ where }),
    ]);
    return { rows: rows.map(fromDb), total };
  }

  private where(kind: ObjectKind, filter: InventoryFilter): Record<string, unknown> {
    const and: Record<string, unknown>[] = [];
    if (filter.host !== undefined) and.push({ hostId: filter.host });
    const reach = filter.reach === undefined ? undefined : reachWhere(kind, filter.reach);
    if (reach !== undefined) and.push(reach);
    if (filter.q !== undefined && filter.q !== '')
      and.push({ OR: [{ name: { contains: filter.q } }, { id: { startsWith: filter.q } }] });
    if (kind === 'container' && filter.state !== undefined) and.push({ state: filter.state });
    return { AND: and };
  }

  async counts(hostId: string) {
    const [containers, running, images, volumes, networks] = await Promise.all([
      this.db.hostContainer.count({ where: { hostId } }),
      this.db.hostContainer.count({ where: { hostId, state: 'running' } }),
      this.db.hostImage.count({ where: { hostId } }),
      this.db.hostVolume.count({ where: { hostId } }),
      this.db.hostNetwork.count({ where: { hostId } }),
    ]);
    return { containers, running, images, volumes, networks };
  }
}
