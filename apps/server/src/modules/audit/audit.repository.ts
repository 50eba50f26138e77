import { Inject, Injectable } from '@nestjs/common';
import { type AuditQuery } from '@wharf/contracts';

import { type ServerConfig } from '../core/server-config';
import { DATABASE, SERVER_CONFIG } from '../core/tokens';
import { type Db } from '../database/database';
import { chainHash, GENESIS_HASH, type ChainedFields, type ChainedRow } from './audit-chain';

/** Arbitrary constant: the advisory lock that serialises appends across PostgreSQL servers. */
const APPEND_LOCK = 7349002;

/** The audit table: append and read only (nothing here updates or deletes). */
@Injectable()
export class AuditRepository {
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    @Inject(DATABASE) private readonly db: Db,
    @Inject(SERVER_CONFIG) private readonly config: ServerConfig,
  ) {}

  /** Appends one row linked to the current last one; appends are serialised in and across processes. */
  append(fields: ChainedFields): Promise<ChainedRow> {
    const next = this.tail.then(() => this.appendNow(fields));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private appendNow(fields: ChainedFields): Promise<ChainedRow> {
    return this.db.$transaction(async (tx) => {
      if (this.config.database.provider === 'postgresql')
        await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${APPEND_LOCK})`);
      const last = await tx.auditEvent.findFirst({
        orderBy: { seq: 'desc' },
        select: { hash: true },
      });
      const prevHash = last?.hash ?? GENESIS_HASH;
      return tx.auditEvent.create({
        data: { ...fields, prevHash, hash: chainHash(prevHash, fields) },
      });
    });
  }

  /** Newest first, filtered; `limit + 1` rows are read to know whether another page follows. */
  list(query: AuditQuery): Promise<ChainedRow[]> {
    return this.db.auditEvent.findMany({
      where: {
        ...(query.actor === undefined ? {} : { actorName: query.actor }),
        ...(query.action === undefined ? {} : { action: { startsWith: query.action } }),
        ...(query.hostId === undefined ? {} : { hostId: query.hostId }),
        ...(query.result === undefined ? {} : { result: query.result }),
        ...(query.before === undefined ? {} : { seq: { lt: query.before } }),
        at: {
          ...(query.from === undefined ? {} : { gte: new Date(query.from) }),
          ...(query.to === undefined ? {} : { lte: new Date(query.to) }),
        },
      },
      orderBy: { seq: 'desc' },
      take: query.limit + 1,
    });
  }

  /** Oldest first from `afterSeq`, for verification in batches. */
  batch(afterSeq: number, size: number): Promise<ChainedRow[]> {
    return this.db.auditEvent.findMany({
      where: { seq: { gt: afterSeq } },
      orderBy: { seq: 'asc' },
      take: size,
    });
  }
}
