import type { Host, InventoryItem } from '@wharf/contracts';
import { describe, expect, it } from 'vitest';

import { healthOf, portUrl, selectRows, toRows } from './container-rows';

const host = (id: string, name: string) => ({ id, name }) as Host;
const item = (hostId: string, name: string, extra: Partial<InventoryItem> = {}): InventoryItem => ({
  hostId,
  id: `${name}-id`,
  name,
  state: 'running',
  detail: 'busybox',
  labels: {},
  createdAt: '2026-01-01T00:00:00.000Z',
  sizeBytes: 0,
  ...extra,
});

describe('containers table rows', () => {
  const hosts = [host('h1', 'alpha'), host('h2', 'beta')];
  const rows = toRows(
    [
      item('h1', 'web', {
        status: 'Up 2 minutes (healthy)',
        labels: { 'wharf.owner.user': 'ann' },
      }),
      item('h2', 'db', { state: 'exited', detail: 'postgres' }),
      item('h2', 'api', { createdAt: '2026-02-01T00:00:00.000Z' }),
    ],
    hosts,
    'someone-else',
  );
  const names = (r: { item: InventoryItem }[]) => r.map((x) => x.item.name);

  it('joins host names, health and owners', () => {
    expect(rows[0]).toMatchObject({ hostName: 'alpha', health: 'healthy', owner: 'user ann' });
    expect(
      toRows(
        rows.map((r) => r.item),
        hosts,
        'ann',
      )[0]?.owner,
    ).toBe('you');
    expect(rows[1]?.health).toBe('');
  });

  it('filters by host, state and text over name, image and host', () => {
    const all = { host: '', state: '', search: '' };
    const byName = { key: 'name', descending: false } as const;
    expect(names(selectRows(rows, { ...all, host: 'h2' }, byName))).toEqual(['api', 'db']);
    expect(names(selectRows(rows, { ...all, state: 'exited' }, byName))).toEqual(['db']);
    expect(names(selectRows(rows, { ...all, search: 'POSTGRES' }, byName))).toEqual(['db']);
    expect(names(selectRows(rows, { ...all, search: 'alpha' }, byName))).toEqual(['web']);
  });

  it('sorts by any column, either way', () => {
    const all = { host: '', state: '', search: '' };
    expect(names(selectRows(rows, all, { key: 'created', descending: true }))).toEqual([
      'api',
      'db',
      'web',
    ]);
    expect(names(selectRows(rows, all, { key: 'host', descending: false }))).toEqual([
      'web',
      'api',
      'db',
    ]);
  });

  it('reads health from the status line and builds port links', () => {
    expect(healthOf('Up 1 second (health: starting)')).toBe('starting');
    expect(healthOf('Up 1 second (unhealthy)')).toBe('unhealthy');
    expect(portUrl('0.0.0.0', 8080, 'alpha')).toBe('http://alpha:8080');
    expect(portUrl('127.0.0.1', 8080, 'alpha')).toBe('http://127.0.0.1:8080');
  });
});
