import { describe, expect, it } from 'vitest';

import { Leases } from './leases';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('Leases', () => {
  it('holds a digest until every lease on it is released, and a second release does nothing', () => {
    const leases = new Leases();
    const first = leases.open();
    first.add([A, B]);
    const second = leases.open();
    second.add([A]);
    first.release();
    first.release();
    expect(leases.isHeld(A)).toBe(true);
    expect(leases.isHeld(B)).toBe(false);
    second.release();
    expect(leases.isHeld(A)).toBe(false);
  });

  it('releases the lease of `during` work when it fails', async () => {
    const leases = new Leases();
    const failing = leases.during((lease) => {
      lease.add([A]);
      expect(leases.isHeld(A)).toBe(true);
      return Promise.reject(new Error('boom'));
    });
    await expect(failing).rejects.toThrow('boom');
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
