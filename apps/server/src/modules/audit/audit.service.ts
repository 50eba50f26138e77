import { Injectable } from '@nestjs/common';
import {
  type AuditActorType,
  type AuditEvent,
  type AuditPage,
  type AuditQuery,
  type AuditResult,
  type AuditVerify,
  type Principal,
} from '@wharf/contracts';
import { PinoLogger } from 'nestjs-pino';

import { type ActionContext } from './audit-context';
import { GENESIS_HASH, verifyChain, type ChainedRow } from './audit-chain';
import { AuditRepository } from './audit.repository';

/** Who did it when it was not a logged-in principal (a failed login, an agent, the server itself). */
export interface OtherActor {
  type: Exclude<AuditActorType, 'user' | 'token'>;
  name: string;
  id?: string;
}

export interface AuditRecord {
  actor: Principal | OtherActor;
  /** `<area>.<verb>`: `user.create`, `auth.login`, `container.stop`, `console.open`, … */
  action: string;
  target?: { type: string; id: string };
  hostId?: string;
  result: AuditResult;
  ip?: string;
  correlationId?: string;
  details?: Record<string, unknown>;
}

const VERIFY_BATCH = 500;

function actorFields(actor: AuditRecord['actor']) {
  if ('userId' in actor)
    return {
      actorType: actor.kind,
      actorId: actor.userId,
      actorName: actor.username,
      tokenId: actor.tokenId ?? null,
    };
  return { actorType: actor.type, actorId: actor.id ?? null, actorName: actor.name, tokenId: null };
}

/** A stored row as the API shows it: `details` parsed, the stored `detailsJson` text left out. */
export function toAuditEvent({ detailsJson, ...row }: ChainedRow): AuditEvent {
  return {
    ...row,
    at: row.at.toISOString(),
    actorType: row.actorType as AuditEvent['actorType'],
    result: row.result as AuditResult,
    details: JSON.parse(detailsJson) as Record<string, unknown>,
  };
}

/** The append-only, hash-chained audit log. Call `record` for every mutating action and console session. */
@Injectable()
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(AuditService.name);
  }

  async record(entry: AuditRecord): Promise<void> {
    await this.repo.append({
      at: new Date(),
      ...actorFields(entry.actor),
      ip: entry.ip ?? null,
      action: entry.action,
      targetType: entry.target?.type ?? null,
      targetId: entry.target?.id ?? null,
      hostId: entry.hostId ?? null,
      result: entry.result,
      correlationId: entry.correlationId ?? null,
      detailsJson: JSON.stringify(entry.details ?? {}),
    });
    this.logger.info({ action: entry.action, result: entry.result, hostId: entry.hostId }, 'audit');
  }

  /** Shorthand for actions done through the API by the request's principal. */
  recordAction(
    ctx: ActionContext,
    action: string,
    target: AuditRecord['target'],
    result: AuditResult = 'success',
    details?: Record<string, unknown>,
  ): Promise<void> {
    return this.record({
      actor: ctx.principal,
      action,
      target,
      result,
      ip: ctx.ip,
      correlationId: ctx.correlationId,
      details,
    });
  }

  async list(query: AuditQuery): Promise<AuditPage> {
    const rows = await this.repo.list(query);
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return {
      items: page.map(toAuditEvent),
      nextBefore: rows.length > query.limit && last !== undefined ? last.seq : null,
    };
  }

  /** Walks the whole chain from the first row and reports the first link that does not hold. */
  async verify(): Promise<AuditVerify> {
    let prev = GENESIS_HASH;
    let afterSeq = 0;
    let checked = 0;
    for (;;) {
      const rows = await this.repo.batch(afterSeq, VERIFY_BATCH);
      if (rows.length === 0) return { ok: true, checked, firstBroken: null };
      const result = verifyChain(rows, prev);
      if ('broken' in result)
        return {
          ok: false,
          checked: checked + rows.findIndex((r) => r.seq === result.broken.seq),
          firstBroken: result.broken,
        };
      prev = result.lastHash;
      checked += rows.length;
      afterSeq = rows[rows.length - 1]?.seq ?? afterSeq;
    }
  }
}
