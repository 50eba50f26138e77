import { describe, expect, it } from 'vitest';

import {
  cgroupMountsFromMountinfo,
  cgroupVersionOf,
  parseOsRelease,
  parseRuntimeVersion,
} from './facts-parsers';

describe('facts parsers', () => {
  it('reads PRETTY_NAME, or NAME and VERSION_ID, from os-release', () => {
    expect(
      parseOsRelease(
        'NAME="Debian GNU/Linux"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\n',
      ),
    ).toBe('Debian GNU/Linux 12 (bookworm)');
    expect(parseOsRelease("NAME='Alpine Linux'\nVERSION_ID=3.20.0\n")).toBe('Alpine Linux 3.20.0');
    expect(parseOsRelease('')).toBe('Linux');
  });

  const line = (mountPoint: string, fsType: string, options = 'rw') =>
    `30 25 0:26 / ${mountPoint} rw,nosuid,nodev,noexec,relatime shared:9 - ${fsType} ${fsType} ${options}`;

  it('detects a pure cgroup v2 host', () => {
    const info = [line('/sys/fs/cgroup', 'cgroup2', 'rw,nsdelegate'), line('/proc', 'proc')].join(
      '\n',
    );
    expect(cgroupVersionOf(cgroupMountsFromMountinfo(info))).toBe('v2');
  });

  it('detects a hybrid host (v1 controllers plus cgroup2 at unified/)', () => {
    const info = [
      line('/sys/fs/cgroup', 'tmpfs'),
      line('/sys/fs/cgroup/memory', 'cgroup', 'rw,memory'),
      line('/sys/fs/cgroup/unified', 'cgroup2'),
    ].join('\n');
    expect(cgroupVersionOf(cgroupMountsFromMountinfo(info))).toBe('hybrid');
  });

  it('detects a v1-only host and reports unknown when nothing is mounted', () => {
    const v1 = [
      line('/sys/fs/cgroup', 'tmpfs'),
      line('/sys/fs/cgroup/cpu,cpuacct', 'cgroup', 'rw,cpu,cpuacct'),
    ].join('\n');
    expect(cgroupVersionOf(cgroupMountsFromMountinfo(v1))).toBe('v1');
    expect(cgroupVersionOf(cgroupMountsFromMountinfo(line('/proc', 'proc')))).toBe('unknown');
  });

  it('parses runtime versions', () => {
    expect(
      parseRuntimeVersion('runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev'),
    ).toBe('1.1.5+ds1');
    expect(parseRuntimeVersion('crun version 1.8.1\ncommit: f8a096be\n')).toBe('1.8.1');
    expect(parseRuntimeVersion('garbage')).toBe('unknown');
  });
});
