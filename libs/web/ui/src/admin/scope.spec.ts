import { describe, expect, it } from 'vitest';

import { describeScope, toScope } from './scope';

describe('binding scopes', () => {
  it('reads global, groups and hosts by name', () => {
    const hosts = [{ id: 'h1', name: 'edge-1' }];
    expect(describeScope('global', hosts)).toBe('Global');
    expect(describeScope('group:web', hosts)).toBe('Group web');
    expect(describeScope('host:h1', hosts)).toBe('Host edge-1');
    expect(describeScope('host:gone', hosts)).toBe('Host gone');
  });

  it('builds the scope the server expects', () => {
    expect(toScope('global', 'ignored')).toBe('global');
    expect(toScope('group', ' web ')).toBe('group:web');
    expect(toScope('host', 'h1')).toBe('host:h1');
  });
});
