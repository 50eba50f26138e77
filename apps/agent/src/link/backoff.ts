/** Exponential backoff with full jitter, capped (AWS "full jitter"): random in [base, min(cap, base·2^n)]. */
export function backoffDelay(
  attempt: number,
  baseMs = 1000,
  capMs = 30_000,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(baseMs + random() * Math.max(0, ceiling - baseMs));
}
