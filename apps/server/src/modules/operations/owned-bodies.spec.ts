import { OWNER_USER_LABEL, type Principal } from '@wharf/contracts';
import { describe, expect, it } from 'vitest';

import { filterListBody, withOwnerFilter } from './owned-bodies';

const ann: Principal = {
  kind: 'user',
  userId: 'ann',
  username: 'ann',
  isAdmin: false,
  teamIds: [],
  grants: [],
};
const prune = (query: string) =>
  withOwnerFilter(
    { method: 'POST', path: `/v1.44/containers/prune${query}`, headers: {}, stream: false },
    ann,
  );
const filtersOf = (path: string) =>
  JSON.parse(new URL(path, 'http://agent').searchParams.get('filters') ?? 'null') as unknown;

describe('a restricted caller’s prune is narrowed to what carries their owner label', () => {
  it('adds the owner label when there are no filters', () => {
    const { path } = prune('');
    expect(path.startsWith('/v1.44/containers/prune?')).toBe(true);
    expect(filtersOf(path)).toEqual({ label: [`${OWNER_USER_LABEL}=ann`] });
  });

  it('keeps the caller’s own filters, in list or map form, and ANDs the owner label to them', () => {
    const listed = encodeURIComponent(JSON.stringify({ label: ['tier=web'], until: ['24h'] }));
    expect(filtersOf(prune(`?filters=${listed}`).path)).toEqual({
      label: ['tier=web', `${OWNER_USER_LABEL}=ann`],
      until: ['24h'],
    });
    const mapped = encodeURIComponent(JSON.stringify({ label: { 'tier=web': true } }));
    expect(filtersOf(prune(`?filters=${mapped}`).path)).toEqual({
      label: ['tier=web', `${OWNER_USER_LABEL}=ann`],
    });
  });

  it('cannot be widened: an owner label naming someone else only narrows further', () => {
    const other = encodeURIComponent(JSON.stringify({ label: [`${OWNER_USER_LABEL}=ben`] }));
    expect(filtersOf(prune(`?filters=${other}`).path)).toEqual({
      label: [`${OWNER_USER_LABEL}=ben`, `${OWNER_USER_LABEL}=ann`],
    });
  });

  it('refuses filters that are not a JSON object', () => {
    expect(() => prune('?filters=nope')).toThrow('filters is not valid JSON');
    expect(() => prune('?filters=%5B%5D')).toThrow('filters must be a JSON object');
  });
});

describe('a restricted caller’s disk usage lists only what they may see', () => {
  const reply = (body: unknown) => ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: Buffer.from(JSON.stringify(body)).toString('base64'),
  });
  const decoded = (r: { body?: string }) =>
    JSON.parse(Buffer.from(r.body ?? '', 'base64').toString('utf8')) as Record<string, unknown>;
  const mine = { Labels: { [OWNER_USER_LABEL]: 'ann' } };
  const bens = { Labels: { [OWNER_USER_LABEL]: 'ben' } };

  it('keeps own containers and volumes, drops others’, and leaves images and totals alone', () => {
    const usage = {
      LayersSize: 42,
      Images: [{ Id: 'sha256:1', Labels: null }],
      Containers: [
        { Id: 'a', ...mine },
        { Id: 'b', ...bens },
        { Id: 'c', Labels: null },
      ],
      Volumes: [
        { Name: 'v1', ...bens },
        { Name: 'v2', ...mine },
      ],
      BuildCache: [],
    };
    const shown = decoded(filterListBody(reply(usage), 'disk-usage', ann));
    expect(shown).toEqual({
      ...usage,
      Containers: [{ Id: 'a', ...mine }],
      Volumes: [{ Name: 'v2', ...mine }],
    });
  });

  it('treats a missing list as empty', () => {
    expect(decoded(filterListBody(reply({ LayersSize: 0 }), 'disk-usage', ann))).toEqual({
      LayersSize: 0,
      Containers: [],
      Volumes: [],
    });
  });
});
