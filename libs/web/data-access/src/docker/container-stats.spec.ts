import { describe, expect, it } from 'vitest';

import { cpuPercent, memoryUsed, toSample, type DockerStats } from './container-stats';

const stats = (over: Partial<DockerStats> = {}): DockerStats => ({
  read: '2024-01-01T00:00:10Z',
  cpu_stats: {
    cpu_usage: { total_usage: 3_000_000_000 },
    system_cpu_usage: 20_000_000_000,
    online_cpus: 2,
  },
  precpu_stats: { cpu_usage: { total_usage: 2_000_000_000 }, system_cpu_usage: 10_000_000_000 },
  memory_stats: { usage: 100, limit: 1000, stats: { inactive_file: 30 } },
  networks: { eth0: { rx_bytes: 5000, tx_bytes: 1000 }, eth1: { rx_bytes: 1000, tx_bytes: 0 } },
  blkio_stats: {
    io_service_bytes_recursive: [
      { op: 'Read', value: 4096 },
      { op: 'Write', value: 8192 },
      { op: 'read', value: 4096 },
    ],
  },
  ...over,
});

describe('container stats', () => {
  it('computes CPU % like the docker CLI (cpu delta / system delta × CPUs × 100)', () => {
    expect(cpuPercent(stats())).toBeCloseTo(20);
    const noOnline = stats({
      cpu_stats: {
        cpu_usage: { total_usage: 3_000_000_000, percpu_usage: [1, 2, 3, 4] },
        system_cpu_usage: 20_000_000_000,
      },
    });
    expect(cpuPercent(noOnline)).toBeCloseTo(40);
    expect(cpuPercent(stats({ precpu_stats: undefined, cpu_stats: undefined }))).toBe(0);
  });

  it('leaves the inactive page cache out of memory use', () => {
    expect(memoryUsed(stats())).toBe(70);
    expect(
      memoryUsed(stats({ memory_stats: { usage: 50, stats: { total_inactive_file: 10 } } })),
    ).toBe(40);
  });

  it('turns network and block totals into per-second rates between samples', () => {
    const first = toSample(stats(), undefined);
    expect(first).toMatchObject({
      rxBytes: 6000,
      txBytes: 1000,
      readBytes: 8192,
      writeBytes: 8192,
      rxRate: 0,
    });
    const second = toSample(
      stats({
        read: '2024-01-01T00:00:12Z',
        networks: { eth0: { rx_bytes: 8000, tx_bytes: 3000 }, eth1: { rx_bytes: 1000 } },
      }),
      first,
    );
    expect(second.rxRate).toBe(1500);
    expect(second.txRate).toBe(1000);
    expect(second.writeRate).toBe(0);
    expect(second.memoryLimitBytes).toBe(1000);
  });
});
