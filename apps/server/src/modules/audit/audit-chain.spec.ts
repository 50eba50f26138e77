import { describe, expect, it } from 'vitest';

import { chainHash, GENESIS_HASH, verifyChain, type ChainedFields } from './audit-chain';

const fields = (action: string): ChainedFields => ({
  at: new Date('2026-01-01T00:00:00.000Z'),
  actorType: 'user',
  actorId: 'u1',
  actorName: 'admin',
  tokenId: null,
  ip: '127.0.0.1',
  action,
  targetType: 'user',
  targetId: 'u2',
  hostId: null,
  result: 'success',
  correlationId: null,
  detailsJson: '{}',
});

/** Rows as the database returns them: the chained fields plus seq, prevHash and hash. */
function chain(actions: string[]) {
  let prev = GENESIS_HASH;
  return actions.map((action, i) => {
    const row = {
      ...fields(action),
      seq: i + 1,
      prevHash: prev,
      hash: chainHash(prev, fields(action)),
    };
    prev = row.hash;
    return row;
  });
}

describe('audit hash chain', () => {
  it('verifies rows read back from the database (their seq and hashes are not hashed)', () => {
    expect(verifyChain(chain(['a', 'b', 'c']), GENESIS_HASH)).toHaveProperty('lastHash');
  });

  it('reports a changed row as a hash mismatch and a removed row as a broken link', () => {
    const changed = chain(['a', 'b', 'c']);
    changed[1]!.action = 'x';
    expect(verifyChain(changed, GENESIS_HASH)).toEqual({
      broken: { seq: 2, reason: 'hash-mismatch' },
    });
    const removed = chain(['a', 'b', 'c']).filter((r) => r.seq !== 2);
    expect(verifyChain(removed, GENESIS_HASH)).toEqual({
      broken: { seq: 3, reason: 'prev-hash-mismatch' },
    });
  });
});
