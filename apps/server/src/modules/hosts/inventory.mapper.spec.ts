import { describe, expect, it } from 'vitest';

import { startedAtFromStatus, toInventoryItem, toStateRow } from './inventory.mapper';

const AT = new Date('2026-11-22T12:00:00.000Z');
const ago = (seconds: number) => new Date(AT.getTime() - seconds * 1000).toISOString();

function container(overrides: Record<string, unknown>) {
  return {
    Id: 'c1',
    Names: ['/web'],
    Image: 'busybox:latest',
    State: 'running',
    Status: 'Up 3 minutes',
    Created: 1_700_000_000,
    Labels: {},
    Ports: [{ IP: '0.0.0.0', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' }, { PrivatePort: 53 }],
    ...overrides,
  };
}

describe('startedAtFromStatus', () => {
  it.each([
    ['Up Less than a second', 0],
    ['Up 1 second', 1],
    ['Up 45 seconds (healthy)', 45],
    ['Up About a minute', 60],
    ['Up 3 minutes (Paused)', 180],
    ['Up About an hour (health: starting)', 3600],
    ['Up 5 hours', 5 * 3600],
    ['Up 2 days', 2 * 86_400],
    ['Up 3 weeks', 21 * 86_400],
    ['Up 2 months', 60 * 86_400],
    ['Up 1 year', 365 * 86_400],
  ])('reads "%s" as started %i s before it was received', (status, seconds) => {
    expect(startedAtFromStatus(status, AT)?.toISOString()).toBe(ago(seconds));
  });

  it.each(['Exited (0) 2 minutes ago', 'Created', 'Restarting (1) 5 seconds ago', 'Dead', ''])(
    'has no start time for "%s"',
    (status) => {
      expect(startedAtFromStatus(status, AT)).toBeUndefined();
    },
  );
});

describe('container inventory items', () => {
  it('carry ports, the status line and the start time derived when the item was received', () => {
    const item = toInventoryItem('h1', toStateRow('container', container({}), AT));
    expect(item).toMatchObject({
      hostId: 'h1',
      id: 'c1',
      name: 'web',
      state: 'running',
      detail: 'busybox:latest',
      status: 'Up 3 minutes',
      startedAt: ago(180),
      ports: [
        { ip: '0.0.0.0', privatePort: 80, publicPort: 8080, type: 'tcp' },
        { privatePort: 53, type: 'tcp' },
      ],
    });
    expect(item.restartCount).toBeUndefined();
  });

  it('prefer the engine item’s own StartedAt and RestartCount when it has them', () => {
    const raw = container({ StartedAt: '2026-11-20T08:00:00.5Z', RestartCount: 4 });
    const item = toInventoryItem('h1', toStateRow('container', raw, AT));
    expect(item.startedAt).toBe('2026-11-20T08:00:00.500Z');
    expect(item.restartCount).toBe(4);
  });

  it('have no start time when the container does not run', () => {
    const raw = container({ State: 'exited', Status: 'Exited (0) 2 minutes ago', RestartCount: 0 });
    const item = toInventoryItem('h1', toStateRow('container', raw, AT));
    expect(item.startedAt).toBeUndefined();
    expect(item.restartCount).toBe(0);
    expect(item.status).toBe('Exited (0) 2 minutes ago');
  });

  it('leave other kinds as they were', () => {
    const raw = { Id: 'n1', Name: 'backend', Driver: 'bridge' };
    const item = toInventoryItem('h1', toStateRow('network', raw, AT));
    expect(item).toEqual({
      hostId: 'h1',
      id: 'n1',
      name: 'backend',
      state: '',
      detail: 'bridge',
      labels: {},
      createdAt: new Date(0).toISOString(),
      sizeBytes: 0,
    });
  });
});
