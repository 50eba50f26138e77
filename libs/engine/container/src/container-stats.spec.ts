import { FakeCgroupFs } from '@wharf/engine-host/testing';
import { describe, expect, it } from 'vitest';

import { dockerStats, parseNetDev, sampleCgroup } from './container-stats';

const GROUP = '/wharf/abc';

describe('container stats from cgroup files', () => {
  it('reads cgroup v2 files (recorded from a v2 host) into Docker stats', async () => {
    const fs = new FakeCgroupFs('v2');
    fs.files.set(
      'wharf/abc/cpu.stat',
      'usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\nnr_periods 0\n',
    );
    fs.files.set('wharf/abc/memory.current', '10485760\n');
    fs.files.set('wharf/abc/memory.max', '67108864\n');
    fs.files.set('wharf/abc/memory.stat', 'anon 8388608\nfile 2097152\ninactive_file 1048576\n');
    fs.files.set('wharf/abc/pids.current', '3\n');
    fs.files.set('wharf/abc/pids.max', 'max\n');
    fs.files.set(
      'wharf/abc/io.stat',
      '8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0\n',
    );
    const sample = await sampleCgroup(fs, 'v2', GROUP);
    expect(sample).toMatchObject({
      cpuTotalNs: 2.5e9,
      cpuUserNs: 2e9,
      cpuKernelNs: 5e8,
      memoryUsage: 10485760,
      memoryLimit: 67108864,
      pids: 3,
      pidsLimit: 0,
    });
    expect(sample.memoryStat['inactive_file']).toBe(1048576);
    expect(sample.blkio).toEqual([
      { major: 8, minor: 0, op: 'read', value: 4096 },
      { major: 8, minor: 0, op: 'write', value: 8192 },
    ]);
  });

  it('reads the v1 controllers on v1 and hybrid hosts', async () => {
    const fs = new FakeCgroupFs('hybrid');
    fs.files.set('cpuacct/wharf/abc/cpuacct.usage', '3000000000\n');
    fs.files.set('cpuacct/wharf/abc/cpuacct.stat', 'user 200\nsystem 100\n');
    fs.files.set('cpuacct/wharf/abc/cpuacct.usage_percpu', '1000000000 2000000000 \n');
    fs.files.set('memory/wharf/abc/memory.usage_in_bytes', '4096\n');
    fs.files.set('memory/wharf/abc/memory.limit_in_bytes', '9223372036854771712\n');
    fs.files.set('pids/wharf/abc/pids.current', '1\n');
    fs.files.set(
      'blkio/wharf/abc/blkio.throttle.io_service_bytes',
      '8:0 Read 512\n8:0 Write 1024\nTotal 1536\n',
    );
    const sample = await sampleCgroup(fs, 'hybrid', GROUP);
    expect(sample).toMatchObject({
      cpuTotalNs: 3e9,
      cpuUserNs: 2e9,
      cpuKernelNs: 1e9,
      perCpuNs: [1e9, 2e9],
      memoryUsage: 4096,
      pids: 1,
    });
    expect(sample.blkio).toEqual([
      { major: 8, minor: 0, op: 'Read', value: 512 },
      { major: 8, minor: 0, op: 'Write', value: 1024 },
    ]);
    const at = new Date('2026-01-01T00:00:01Z');
    const stats = dockerStats(
      { id: 'abc', name: '/x' },
      { at, sample, system: 5e9 },
      { at: new Date('2026-01-01T00:00:00Z'), sample, system: 4e9 },
      2,
    );
    expect(stats.cpu_stats.cpu_usage.total_usage).toBe(3e9);
    expect(stats.precpu_stats.system_cpu_usage).toBe(4e9);
    // unlimited v1 memory reports the machine's memory, as Docker does
    expect(stats.memory_stats.limit).toBeLessThan(9223372036854771712);
  });
});

describe('network counters from /proc/<pid>/net/dev', () => {
  it("gives each interface but loopback in Docker's shape", () => {
    const text = [
      'Inter-|   Receive                                                |  Transmit',
      ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
      '    lo:     100       2    0    0    0     0          0         0      100       2    0    0    0     0       0          0',
      '  eth0:    5000      40    1    2    0     0          0         0     3000      30    3    4    0     0       0          0',
    ].join('\n');
    expect(parseNetDev(text)).toEqual({
      eth0: {
        rx_bytes: 5000,
        rx_packets: 40,
        rx_errors: 1,
        rx_dropped: 2,
        tx_bytes: 3000,
        tx_packets: 30,
        tx_errors: 3,
        tx_dropped: 4,
      },
    });
  });
});
