import { describe, expect, it } from 'vitest';

import { backoffDelay } from './backoff';

describe('backoffDelay', () => {
  it('grows exponentially and stays within [base, cap]', () => {
    expect(backoffDelay(0, 1000, 30_000, () => 1)).toBe(1000);
    expect(backoffDelay(3, 1000, 30_000, () => 1)).toBe(8000);
    expect(backoffDelay(20, 1000, 30_000, () => 1)).toBe(30_000);
    expect(backoffDelay(20, 1000, 30_000, () => 0)).toBe(1000);
  });

  it('jitters between the bounds', () => {
    expect(backoffDelay(4, 1000, 30_000, () => 0.5)).toBe(8500);
  });
});
