import { describe, expect, it } from 'vitest';

import { Leases } from './leases';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('Leases', () => {
  it('holds a digest until every holder released it, and a second release does nothing', () => {
    const leases = new Leases();
    const first = leases.hold([A, B]);
    const second = leases.hold([A]);
    first();
    first();
    expect(leases.isHeld(A)).toBe(true);
    expect(leases.isHeld(B)).toBe(false);
    second();
    expect(leases.isHeld(A)).toBe(false);
  });

  it('runs exclusive work one after the other, past a failure', async () => {
    const leases = new Leases();
    const order: string[] = [];
    let finishFirst = () => undefined as void;
    const first = leases.exclusive(
      () => new Promise<void>((resolve) => (finishFirst = () => (order.push('first'), resolve()))),
    );
    const failing = leases.exclusive(() => Promise.reject(new Error('boom')));
    const third = leases.exclusive(() => Promise.resolve(order.push('third')));
    await Promise.resolve();
    expect(order).toEqual([]);
    finishFirst();
    await first;
    await expect(failing).rejects.toThrow('boom');
    await third;
    expect(order).toEqual(['first', 'third']);
  });
});
