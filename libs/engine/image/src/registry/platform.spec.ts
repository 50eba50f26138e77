import { describe, expect, it } from 'vitest';

import type { Descriptor } from './media-types';
import { hostPlatform, parsePlatform, selectPlatformManifest } from './platform';

const entry = (
  digest: string,
  architecture: string,
  os = 'linux',
  variant?: string,
): Descriptor => ({
  mediaType: 'application/vnd.oci.image.manifest.v1+json',
  digest,
  size: 1,
  platform: { os, architecture, ...(variant ? { variant } : {}) },
});

describe('platform selection', () => {
  const index = [
    entry('sha256:arm7', 'arm', 'linux', 'v7'),
    entry('sha256:arm64', 'arm64', 'linux', 'v8'),
    entry('sha256:amd64', 'amd64'),
    entry('sha256:attestation', 'unknown', 'unknown'),
    entry('sha256:windows', 'amd64', 'windows'),
  ];

  it('picks linux/amd64 and never the attestation or another os', () => {
    expect(selectPlatformManifest(index, { os: 'linux', architecture: 'amd64' })?.digest).toBe(
      'sha256:amd64',
    );
  });

  it('matches arm64 with and without the v8 variant, and arm by variant', () => {
    expect(selectPlatformManifest(index, hostPlatform('arm64'))?.digest).toBe('sha256:arm64');
    expect(
      selectPlatformManifest([entry('sha256:bare', 'arm64')], hostPlatform('arm64'))?.digest,
    ).toBe('sha256:bare');
    expect(
      selectPlatformManifest(index, { os: 'linux', architecture: 'arm', variant: 'v6' }),
    ).toBeUndefined();
  });

  it('finds nothing when the platform is absent', () => {
    expect(selectPlatformManifest(index, { os: 'linux', architecture: 's390x' })).toBeUndefined();
  });

  it('maps Node arch names and parses --platform', () => {
    expect(hostPlatform('x64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(parsePlatform('linux/arm64/v8', hostPlatform('x64'))).toEqual({
      os: 'linux',
      architecture: 'arm64',
      variant: 'v8',
    });
    expect(parsePlatform('', hostPlatform('x64'))).toEqual(hostPlatform('x64'));
  });
});
