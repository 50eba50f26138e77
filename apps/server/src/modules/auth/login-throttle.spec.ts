import { describe, expect, it } from 'vitest';

import {
  DEFAULT_LOGIN_THROTTLE as P,
  decideLoginAttempt,
  recordLoginFailure,
  type LoginAttemptState,
} from './login-throttle';

function failTimes(n: number, now: Date): LoginAttemptState | null {
  let state: LoginAttemptState | null = null;
  for (let i = 0; i < n; i += 1) state = recordLoginFailure(state, now);
  return state;
}

describe('login throttle', () => {
  const now = new Date('2026-01-01T00:00:00Z');

  it('lets the first attempts through without delay', () => {
    expect(decideLoginAttempt(null, now)).toEqual({ kind: 'proceed', delayMs: 0 });
    expect(decideLoginAttempt(failTimes(P.freeFailures - 1, now), now)).toEqual({
      kind: 'proceed',
      delayMs: 0,
    });
  });

  it('doubles the delay after the free failures, up to the cap', () => {
    const delays = [P.freeFailures, P.freeFailures + 1, P.freeFailures + 2].map((n) =>
      decideLoginAttempt(failTimes(n, now), now),
    );
    expect(delays).toEqual([
      { kind: 'proceed', delayMs: P.baseDelayMs },
      { kind: 'proceed', delayMs: P.baseDelayMs * 2 },
      { kind: 'proceed', delayMs: P.baseDelayMs * 4 },
    ]);
    expect(decideLoginAttempt(failTimes(P.lockoutAfter - 1, now), now)).toEqual({
      kind: 'proceed',
      delayMs: P.maxDelayMs,
    });
  });

  it('locks out after too many failures, until the lockout ends', () => {
    const locked = failTimes(P.lockoutAfter, now);
    expect(decideLoginAttempt(locked, now)).toEqual({ kind: 'locked', retryAfterMs: P.lockoutMs });
    const later = new Date(now.getTime() + P.lockoutMs + 1);
    expect(decideLoginAttempt(locked, later)).toEqual({ kind: 'proceed', delayMs: 0 });
  });

  it('forgets failures older than the window', () => {
    const state = failTimes(P.freeFailures + 1, now);
    const later = new Date(now.getTime() + P.windowMs + 1);
    expect(decideLoginAttempt(state, later)).toEqual({ kind: 'proceed', delayMs: 0 });
    expect(recordLoginFailure(state, later).failures).toBe(1);
  });
});
