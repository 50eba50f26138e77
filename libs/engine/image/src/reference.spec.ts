import { describe, expect, it } from 'vitest';

import { familiarTag, parseReference, tagKey } from './reference';

describe('image references', () => {
  it('normalises official images, user images and registries like Docker', () => {
    expect(parseReference('busybox')).toEqual({
      repository: 'docker.io/library/busybox',
      tag: undefined,
      digest: undefined,
    });
    expect(tagKey(parseReference('busybox'))).toBe('docker.io/library/busybox:latest');
    expect(familiarTag(parseReference('me/app:1.2'))).toBe('me/app:1.2');
    expect(familiarTag(parseReference('localhost:5000/x/y:dev'))).toBe('localhost:5000/x/y:dev');
    expect(parseReference(`busybox@sha256:${'a'.repeat(64)}`).digest).toBe(
      `sha256:${'a'.repeat(64)}`,
    );
  });

  it('refuses what Docker refuses', () => {
    expect(() => parseReference('BusyBox')).toThrow(
      'invalid reference format: repository name (BusyBox) must be lowercase',
    );
    expect(() => parseReference('busybox:bad tag')).toThrow('invalid reference format');
    expect(() => parseReference('busybox@sha256:123')).toThrow('invalid reference format');
  });
});
