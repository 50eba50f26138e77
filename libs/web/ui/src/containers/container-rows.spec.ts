import type { Host, InventoryItem } from '@wharf/contracts';
import { describe, expect, it } from 'vitest';

import {
  exitCodeOf,
  filterRows,
  formatUptime,
  healthOf,
  portUrl,
  selectRows,
  sortRows,
  toRows,
} from './container-rows';

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

  it('keeps the row of an item the list did not replace, and derives a new one for a new item', () => {
    const items = [item('h1', 'one'), item('h2', 'two')];
    const first = toRows(items, hosts, 'someone-else');
    const again = toRows(items, hosts, 'someone-else');
    expect(again[0]).toBe(first[0]);
    const changed = { ...items[0]!, state: 'exited' };
    const next = toRows([changed, ...items.slice(1)], hosts, 'someone-else');
    expect(next[0]).not.toBe(first[0]);
    expect(next[0]?.item.state).toBe('exited');
    expect(next[1]).toBe(first[1]);
    // A renamed host or another signed-in user re-derives the rows that show them.
    expect(toRows(items, [host('h1', 'gamma'), hosts[1]!], 'someone-else')[0]?.hostName).toBe(
      'gamma',
    );
    const owned = [item('h1', 'mine', { labels: { 'wharf.owner.user': 'ann' } })];
    expect(toRows(owned, hosts, 'bob')[0]?.owner).toBe('user ann');
    expect(toRows(owned, hosts, 'ann')[0]?.owner).toBe('you');
  });

  it('names owners when their names are known', () => {
    const names = new Map([
      ['u-ann', 'ann'],
      ['t-ops', 'ops'],
    ]);
    const owned = [
      item('h1', 'a', { labels: { 'wharf.owner.user': 'u-ann' } }),
      item('h1', 'b', { labels: { 'wharf.owner.team': 't-ops' } }),
      item('h1', 'c', { labels: { 'wharf.owner.user': 'u-bob-0123456789' } }),
    ];
    expect(toRows(owned, hosts, 'me', names).map((r) => r.owner)).toEqual([
      'ann',
      'team ops',
      'user u-bob-01',
    ]);
    expect(
      filterRows(toRows(owned, hosts, 'me', names), { host: '', state: '', search: 'ops' }),
    ).toHaveLength(1);
  });

  it('links ports to the host’s reported hostname', () => {
    const withFacts = { ...host('h1', 'alpha'), facts: { hostname: 'alpha.lan' } } as Host;
    const [row] = toRows([item('h1', 'web')], [withFacts]);
    expect(row?.hostAddress).toBe('alpha.lan');
    expect(portUrl(undefined, 80, row!.hostAddress)).toBe('http://alpha.lan:80');
    expect(portUrl('::1', 80, 'x')).toBe('http://[::1]:80');
  });

  it('reads exit codes and formats uptimes', () => {
    expect(exitCodeOf('Exited (137) 5 minutes ago')).toBe(137);
    expect(exitCodeOf('Up 5 minutes')).toBeUndefined();
    const now = Date.parse('2026-01-03T00:00:00.000Z');
    const ago = (s: number) => new Date(now - s * 1000).toISOString();
    expect(formatUptime(ago(42), now)).toBe('42 s');
    expect(formatUptime(ago(600), now)).toBe('10 min');
    expect(formatUptime(ago(3 * 3600 + 300), now)).toBe('3 h 5 min');
    expect(formatUptime(ago(2 * 86_400), now)).toBe('2 d');
    expect(formatUptime(ago(4 * 86_400 + 7200), now)).toBe('4 d 2 h');
  });

  it('sorts names naturally and without regard to case', () => {
    const named = toRows(
      ['web-10', 'Web-2', 'api', 'web-1'].map((n) => item('h1', n)),
      hosts,
    );
    expect(names(sortRows(named, { key: 'name', descending: false }))).toEqual([
      'api',
      'web-1',
      'Web-2',
      'web-10',
    ]);
  });

  it('sorts by uptime, the longest running last when ascending and stopped ones first', () => {
    const timed = toRows(
      [
        item('h1', 'old', { startedAt: '2026-01-01T00:00:00.000Z' }),
        item('h1', 'stopped', { state: 'exited' }),
        item('h1', 'new', { startedAt: '2026-01-02T00:00:00.000Z' }),
      ],
      hosts,
    );
    expect(names(sortRows(timed, { key: 'uptime', descending: false }))).toEqual([
      'stopped',
      'new',
      'old',
    ]);
    expect(names(sortRows(timed, { key: 'uptime', descending: true }))).toEqual([
      'old',
      'new',
      'stopped',
    ]);
  });

  it('filters and sorts five thousand rows, sorting once and filtering the sorted list', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      item(i % 2 ? 'h1' : 'h2', `c-${String(i).padStart(4, '0')}`, {
        state: i % 3 ? 'running' : 'exited',
      }),
    );
    const big = toRows(many, hosts);
    const sorted = sortRows(big, { key: 'name', descending: true });
    expect(sorted[0]?.item.name).toBe('c-4999');
    const kept = filterRows(sorted, { host: 'h1', state: 'running', search: 'c-49' });
    expect(names(kept).slice(0, 3)).toEqual(['c-4999', 'c-4997', 'c-4993']);
    expect(kept.every((r) => r.item.hostId === 'h1' && r.item.state === 'running')).toBe(true);
    expect(filterRows(sorted, { host: '', state: '', search: '' })).toBe(sorted);
  });
});
