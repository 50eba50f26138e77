import { readFileSync, readdirSync, readlinkSync } from 'node:fs';

import { describe, expect, it } from 'vitest';

import { LinuxCgroupFs } from './linux-cgroup-fs';
import { LinuxMountTable, parseMountInfo } from './linux-mount-table';
import { LinuxNetLinks } from './linux-net-links';
import { describeNetLinksContract } from './testing/net-links.contract';
import { LinuxOverlayWhiteouts } from './linux-overlay-whiteouts';
import { LinuxProcessRunner } from './linux-process-runner';
import { describeMountTableContract } from './testing/mount-table.contract';
import { describeOverlayWhiteoutsContract } from './testing/overlay-whiteouts.contract';
import { describeProcessRunnerContract } from './testing/process-runner.contract';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('linux host port tests need root in CI');

describeProcessRunnerContract('linux', () => new LinuxProcessRunner());

describe.runIf(isRoot)('linux mount table (root)', () => {
  describeMountTableContract('linux', () => new LinuxMountTable(new LinuxProcessRunner()));
});

describe.runIf(isRoot)('linux net links (root: bridges, veths, namespaces)', () => {
  describeNetLinksContract('linux', () => new LinuxNetLinks(new LinuxProcessRunner()));
});

describe.runIf(isRoot)('linux overlay whiteouts (root: mknod, trusted.* xattrs)', () => {
  describeOverlayWhiteoutsContract(
    'linux',
    () => new LinuxOverlayWhiteouts(new LinuxProcessRunner()),
  );
});

describe('LinuxProcessRunner', () => {
  it('a spawned child gets only fds 0-2 and the pipes asked for (no leaked descriptors)', async () => {
    const runner = new LinuxProcessRunner();
    const child = runner.spawn('sleep', ['30'], { extraPipes: 1, output: 'pipe', stdin: 'pipe' });
    try {
      // The pid may still be the fd-closing wrapper for a moment; judge the program itself.
      for (
        let i = 0;
        i < 200 && readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim() !== 'sleep';
        i += 1
      ) {
        await new Promise((r) => setTimeout(r, 10));
      }
      expect(readFileSync(`/proc/${child.pid}/comm`, 'utf8').trim()).toBe('sleep');
      const fds = readdirSync(`/proc/${child.pid}/fd`)
        .map(Number)
        .sort((a, b) => a - b);
      expect(fds).toEqual([0, 1, 2, 3]);
      expect(readlinkSync(`/proc/${child.pid}/fd/3`)).toMatch(/^(pipe|socket):/);
    } finally {
      runner.signal(child.pid, 'SIGKILL');
      await child.wait();
    }
  });

  it('run kills the process and rejects on timeout', async () => {
    await expect(new LinuxProcessRunner().run('sleep', ['30'], { timeoutMs: 200 })).rejects.toThrow(
      /timed out/,
    );
  });

  it('isAlive is true for a running child and false after it is reaped', async () => {
    const runner = new LinuxProcessRunner();
    const child = runner.spawn('sleep', ['30']);
    expect(await runner.isAlive(child.pid)).toBe(true);
    runner.signal(child.pid, 'SIGTERM');
    expect((await child.wait()).signal).toBe('SIGTERM');
    expect(await runner.isAlive(child.pid)).toBe(false);
  });
});

describe('LinuxCgroupFs', () => {
  it('detects the layout from what is mounted', async () => {
    const layout = await new LinuxCgroupFs().layout();
    const mounts = parseMountInfo(readFileSync('/proc/self/mountinfo', 'utf8'));
    const unified = mounts.some(
      (m) => m.target === '/sys/fs/cgroup/unified' && m.fstype === 'cgroup2',
    );
    const pure = mounts.some((m) => m.target === '/sys/fs/cgroup' && m.fstype === 'cgroup2');
    expect(layout).toBe(pure ? 'v2' : unified ? 'hybrid' : 'v1');
  });
});
