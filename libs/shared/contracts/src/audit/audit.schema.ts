import { z } from 'zod';

export const AuditResultSchema = z.enum(['success', 'failure', 'denied']);
export type AuditResult = z.infer<typeof AuditResultSchema>;

export const AuditActorTypeSchema = z.enum(['user', 'token', 'anonymous', 'agent', 'system']);
export type AuditActorType = z.infer<typeof AuditActorTypeSchema>;

/** One audit log row as the API returns it. */
export const AuditEventSchema = z.object({
  seq: z.number().int(),
  at: z.string().datetime(),
  actorType: AuditActorTypeSchema,
  actorId: z.string().nullable(),
  actorName: z.string(),
  tokenId: z.string().nullable(),
  ip: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  hostId: z.string().nullable(),
  result: AuditResultSchema,
  correlationId: z.string().nullable(),
  details: z.record(z.string(), z.unknown()),
  prevHash: z.string(),
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof AuditEventSchema>;

export const AuditQuerySchema = z.object({
  actor: z.string().max(200).optional(),
  action: z.string().max(200).optional(),
  hostId: z.string().max(100).optional(),
  result: AuditResultSchema.optional(),
  from: z.string().datetime().optional(),
  to: z.string().datetime().optional(),
  /** Rows with seq below this (newest first paging); omitted = from the newest. */
  before: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  format: z.enum(['json', 'csv']).optional(),
});
export type AuditQuery = z.infer<typeof AuditQuerySchema>;

export const AuditPageSchema = z.object({
  items: z.array(AuditEventSchema),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type AuditPage = z.infer<typeof AuditPageSchema>;

export const AuditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  /** The first row whose link does not hold, and why. */
  firstBroken: z
    .object({ seq: z.number().int(), reason: z.enum(['hash-mismatch', 'prev-hash-mismatch']) })
    .nullable(),
});
export type AuditVerify = z.infer<typeof AuditVerifySchema>;
