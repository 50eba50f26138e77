import { describe, expect, it } from 'vitest';

import { formatJoinToken, parseJoinToken } from '@wharf/contracts';

const FP = 'ab'.repeat(32);
const SECRET = 'Zx_9-abcdefghijklmnopqrstu';

describe('join token', () => {
  it('round-trips fingerprint and secret', () => {
    const token = formatJoinToken(FP.toUpperCase(), SECRET);
    expect(token).toBe(`WHARF-1-${FP}-${SECRET}`);
    expect(parseJoinToken(`  ${token}\n`)).toEqual({ caFingerprint: FP, secret: SECRET });
  });

  it.each([
    ['wrong prefix', `WHARF-2-${FP}-${SECRET}`],
    ['short fingerprint', `WHARF-1-${FP.slice(2)}-${SECRET}`],
    ['uppercase fingerprint', `WHARF-1-${FP.toUpperCase()}-${SECRET}`],
    ['short secret', `WHARF-1-${FP}-short`],
    ['bad secret characters', `WHARF-1-${FP}-${SECRET}!`],
    ['empty', ''],
  ])('rejects %s', (_name, token) => {
    expect(parseJoinToken(token)).toBeUndefined();
  });
});
