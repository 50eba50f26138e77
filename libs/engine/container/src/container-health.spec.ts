import { describe, expect, it } from 'vitest';

import { healthTimings, initialHealth, nextHealth, probeCommand } from './container-health';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s));
const result = (exitCode: number, s = 0) => ({
  exitCode,
  output: `exit ${exitCode}`,
  start: at(s),
  end: at(s),
});
const timings = healthTimings({ Retries: 2 });

describe('healthcheck state machine', () => {
  it('reads CMD, CMD-SHELL and NONE like Docker, with its default timings', () => {
    expect(probeCommand({ Test: ['CMD', 'true'] })).toEqual(['true']);
    expect(probeCommand({ Test: ['CMD-SHELL', 'test -f /ok'] })).toEqual([
      '/bin/sh',
      '-c',
      'test -f /ok',
    ]);
    expect(probeCommand({ Test: ['NONE'] })).toBeUndefined();
    expect(healthTimings({})).toMatchObject({ intervalMs: 30_000, timeoutMs: 30_000, retries: 3 });
    expect(healthTimings({ Interval: 200_000_000 }).intervalMs).toBe(200);
  });

  it('becomes unhealthy after `retries` failures and healthy on the first pass', () => {
    let h = nextHealth(initialHealth(), result(1), timings, false);
    expect(h).toMatchObject({ Status: 'starting', FailingStreak: 1 });
    h = nextHealth(h, result(1), timings, false);
    expect(h).toMatchObject({ Status: 'unhealthy', FailingStreak: 2 });
    h = nextHealth(h, result(0), timings, false);
    expect(h).toMatchObject({ Status: 'healthy', FailingStreak: 0 });
  });

  it('does not count failures while starting inside the start period, and keeps the last 5 results', () => {
    let h = initialHealth();
    for (let i = 0; i < 7; i += 1) h = nextHealth(h, result(1, i), timings, true);
    expect(h).toMatchObject({ Status: 'starting', FailingStreak: 0 });
    expect(h.Log).toHaveLength(5);
    expect(h.Log[0]?.Start).toBe(at(2).toISOString());
  });
});
