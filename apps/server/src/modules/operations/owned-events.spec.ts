import {
  BUILTIN_ROLES,
  OWNER_TEAM_LABEL,
  OWNER_USER_LABEL,
  PUBLIC_LABEL,
  hostTarget,
  type Principal,
} from '@wharf/contracts';
import { describe, expect, it } from 'vitest';

import { eventVisibility, filteredEventSink, type StreamedEvent } from './owned-events';

const standard = BUILTIN_ROLES['standard-user'];
const ann: Principal = {
  kind: 'user',
  userId: 'ann',
  username: 'ann',
  isAdmin: false,
  teamIds: ['blue'],
  grants: [
    {
      roleId: standard.id,
      roleName: standard.name,
      permissions: standard.permissions,
      ownership: standard.ownership,
      scope: 'global',
      via: 'user',
    },
  ],
};
const target = hostTarget('h1');

const event = (Type: string, ID: string, Attributes: Record<string, string> = {}) =>
  ({ Type, Action: 'create', Actor: { ID, Attributes } }) satisfies StreamedEvent;

describe('events an ownership-restricted caller receives', () => {
  const networks: Record<string, Record<string, string>> = {
    'n-ann': { [OWNER_USER_LABEL]: 'ann' },
    'n-ben': { [OWNER_USER_LABEL]: 'ben' },
  };
  const visible = eventVisibility(ann, target, (kind, ref) =>
    Promise.resolve(kind === 'network' ? (networks[ref] ?? null) : null),
  );

  it.each([
    ['own container', event('container', 'c1', { [OWNER_USER_LABEL]: 'ann', name: 'a' }), true],
    ['team container', event('container', 'c2', { [OWNER_TEAM_LABEL]: 'blue' }), true],
    ['public container', event('container', 'c3', { [PUBLIC_LABEL]: 'true' }), true],
    ["another user's container", event('container', 'c4', { [OWNER_USER_LABEL]: 'ben' }), false],
    ['unlabelled container', event('container', 'c5', { name: 'x' }), false],
    ['own network', event('network', 'n-ann'), true],
    ["another user's network", event('network', 'n-ben'), false],
    ['volume nobody can attribute', event('volume', 'gone'), false],
    ['image', event('image', 'sha256:1'), true],
    ['daemon', event('daemon', 'd1'), true],
    ['builder (unknown type)', event('builder', 'b1'), false],
  ])('%s: %s', async (_name, e, shown) => {
    expect(await visible(e)).toBe(shown);
  });

  it('looks a network up once per stream', async () => {
    const lookups: string[] = [];
    const once = eventVisibility(ann, target, (kind, ref) => {
      lookups.push(`${kind}/${ref}`);
      return Promise.resolve(networks[ref] ?? null);
    });
    expect(await once(event('network', 'n-ann'))).toBe(true);
    expect(await once({ ...event('network', 'n-ann'), Action: 'destroy' })).toBe(true);
    expect(lookups).toEqual(['network/n-ann']);
  });

  it('keeps only visible lines, whole and in order, across chunks that split them anywhere', async () => {
    const lines = [
      event('container', 'mine', { [OWNER_USER_LABEL]: 'ann', note: 'é' }),
      event('container', 'theirs', { [OWNER_USER_LABEL]: 'ben' }),
      event('network', 'n-ann'),
    ].map((e) => `${JSON.stringify(e)}\n`);
    const bytes = Buffer.from(`${lines.join('')}not json\n{"Type":"container"`);
    const out: Buffer[] = [];
    const sink = filteredEventSink((chunk) => {
      out.push(chunk);
      return Promise.resolve();
    }, visible);
    // 7-byte chunks split lines and the two-byte é.
    for (let at = 0; at < bytes.length; at += 7) await sink(bytes.subarray(at, at + 7));
    expect(Buffer.concat(out).toString('utf8')).toBe(`${lines[0]}${lines[2]}`);
  });
});
