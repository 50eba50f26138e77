/** How failed logins for one username+address pair are slowed down and then locked out. */
export interface LoginThrottlePolicy {
  /** Failures that cost nothing (typos). */
  freeFailures: number;
  /** Delay before answering once the free failures are used up; doubles with each further failure. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Failures after which every attempt is refused (429) until the lockout ends. */
  lockoutAfter: number;
  lockoutMs: number;
  /** Failures older than this are forgotten. */
  windowMs: number;
}

export const DEFAULT_LOGIN_THROTTLE: LoginThrottlePolicy = {
  freeFailures: 3,
  baseDelayMs: 200,
  maxDelayMs: 2000,
  lockoutAfter: 8,
  lockoutMs: 15 * 60_000,
  windowMs: 15 * 60_000,
};

export interface LoginAttemptState {
  failures: number;
  lastFailureAt: Date | null;
  lockedUntil: Date | null;
}

export type ThrottleDecision =
  { kind: 'locked'; retryAfterMs: number } | { kind: 'proceed'; delayMs: number };

function current(
  state: LoginAttemptState | null,
  now: Date,
  policy: LoginThrottlePolicy,
): LoginAttemptState {
  if (state === null) return { failures: 0, lastFailureAt: null, lockedUntil: null };
  const stale =
    state.lastFailureAt !== null && now.getTime() - state.lastFailureAt.getTime() > policy.windowMs;
  const lockOver = state.lockedUntil !== null && state.lockedUntil.getTime() <= now.getTime();
  if (lockOver || (stale && state.lockedUntil === null))
    return { failures: 0, lastFailureAt: null, lockedUntil: null };
  return state;
}

/** What to do with an attempt, given the failures recorded so far. */
export function decideLoginAttempt(
  state: LoginAttemptState | null,
  now: Date,
  policy = DEFAULT_LOGIN_THROTTLE,
): ThrottleDecision {
  const s = current(state, now, policy);
  if (s.lockedUntil !== null)
    return { kind: 'locked', retryAfterMs: s.lockedUntil.getTime() - now.getTime() };
  if (s.failures < policy.freeFailures) return { kind: 'proceed', delayMs: 0 };
  const delay = policy.baseDelayMs * 2 ** (s.failures - policy.freeFailures);
  return { kind: 'proceed', delayMs: Math.min(delay, policy.maxDelayMs) };
}

/** The state to store after a failed attempt. */
export function recordLoginFailure(
  state: LoginAttemptState | null,
  now: Date,
  policy = DEFAULT_LOGIN_THROTTLE,
): LoginAttemptState {
  const s = current(state, now, policy);
  const failures = s.failures + 1;
  const lockedUntil =
    failures >= policy.lockoutAfter ? new Date(now.getTime() + policy.lockoutMs) : null;
  return { failures, lastFailureAt: now, lockedUntil };
}
