import { createHash } from 'node:crypto';

/** The hash the first row links to. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields a row's hash covers: everything but its sequence number and its own hash. */
export interface ChainedFields {
  at: Date;
  actorType: string;
  actorId: string | null;
  actorName: string;
  tokenId: string | null;
  ip: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  hostId: string | null;
  result: string;
  correlationId: string | null;
  detailsJson: string;
}

/** JSON with object keys sorted at every level, so the same row always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

const HASHED_FIELDS = [
  'actorType',
  'actorId',
  'actorName',
  'tokenId',
  'ip',
  'action',
  'targetType',
  'targetId',
  'hostId',
  'result',
  'correlationId',
  'detailsJson',
] as const satisfies readonly (keyof ChainedFields)[];

/**
 * The row's hash over exactly the chained fields: a stored row also carries seq, prevHash and
 * hash, which must not leak into the hash it is verified against.
 */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  const picked = Object.fromEntries(HASHED_FIELDS.map((k) => [k, fields[k]]));
  return createHash('sha256')
    .update(prevHash)
    .update(canonicalJson({ ...picked, at: fields.at.toISOString() }))
    .digest('hex');
}

export interface ChainedRow extends ChainedFields {
  seq: number;
  prevHash: string;
  hash: string;
}

export type ChainBreak = { seq: number; reason: 'hash-mismatch' | 'prev-hash-mismatch' };

/**
 * Checks consecutive rows against the hash before them; returns the first break, or the last hash
 * (to continue with the next batch).
 */
export function verifyChain(
  rows: readonly ChainedRow[],
  prevHash: string,
): { broken: ChainBreak } | { lastHash: string } {
  let expectedPrev = prevHash;
  for (const row of rows) {
    if (row.prevHash !== expectedPrev)
      return { broken: { seq: row.seq, reason: 'prev-hash-mismatch' } };
    if (chainHash(row.prevHash, row) !== row.hash)
      return { broken: { seq: row.seq, reason: 'hash-mismatch' } };
    expectedPrev = row.hash;
  }
  return { lastHash: expectedPrev };
}
