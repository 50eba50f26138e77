import type { Job } from '@wharf/contracts';
import { describe, expect, it } from 'vitest';

import { displayState, summarizeJob, upsertJob } from './job-summary';

const job = (id: string, createdAt: string, states: Job['hosts'][number]['state'][]): Job => ({
  id,
  kind: 'system.prune',
  state: 'running',
  createdAt,
  createdBy: 'admin',
  hosts: states.map((state, i) => ({ hostId: `h${i}`, state, attempts: 1, message: null })),
});

describe('summarizeJob', () => {
  it('counts finished hosts by state', () => {
    const s = summarizeJob(
      job('1', '2026-01-01T00:00:00.000Z', ['succeeded', 'failed', 'running', 'pending']),
    );
    expect(s).toMatchObject({ total: 4, done: 2, percent: 50, finished: false });
    expect(s.counts).toEqual({ pending: 1, running: 1, succeeded: 1, failed: 1, cancelled: 0 });
  });
});

describe('upsertJob', () => {
  it('replaces a known job and keeps newest first', () => {
    const a = job('a', '2026-01-01T00:00:00.000Z', ['pending']);
    const b = job('b', '2026-01-02T00:00:00.000Z', ['pending']);
    const a2 = { ...a, state: 'completed' as const };
    expect(upsertJob([b, a], a2).map((j) => [j.id, j.state])).toEqual([
      ['b', 'running'],
      ['a', 'completed'],
    ]);
    expect(upsertJob(undefined, a).map((j) => j.id)).toEqual(['a']);
  });
});

describe('displayState', () => {
  it('reads a job whose hosts all finished as finished, whatever its last push said', () => {
    const at = '2026-01-01T00:00:00.000Z';
    expect(displayState(job('1', at, ['succeeded', 'succeeded']))).toBe('completed');
    expect(displayState(job('1', at, ['succeeded', 'failed']))).toBe('failed');
    expect(displayState(job('1', at, ['cancelled', 'succeeded']))).toBe('cancelled');
    expect(displayState(job('1', at, ['succeeded', 'running']))).toBe('running');
    expect(displayState({ ...job('1', at, ['failed']), state: 'cancelled' })).toBe('cancelled');
    expect(summarizeJob(job('1', at, ['succeeded'])).finished).toBe(true);
  });
});
