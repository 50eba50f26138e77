import { describe, expect, it } from 'vitest';

import { checkResources, parseCpuset } from './resource-checks';

const MiB = 1024 * 1024;

describe('checkResources (dockerd messages)', () => {
  it.each([
    [{ Memory: 1024 }, 'Minimum memory limit allowed is 6MB'],
    [{ MemorySwap: 64 * MiB }, 'You should always set the Memory limit when using Memoryswap'],
    [{ Memory: 64 * MiB, MemorySwap: 32 * MiB }, 'Minimum memoryswap limit should be larger'],
    [{ MemoryReservation: MiB }, 'Minimum memory reservation allowed is 6MB'],
    [{ Memory: 16 * MiB, MemoryReservation: 32 * MiB }, 'can not be less than memory reservation'],
    [{ NanoCpus: 1e9, CpuQuota: 50000 }, 'Nano CPUs and CPU Period cannot both be set'],
    [{ NanoCpus: 9e9 }, 'Range of CPUs is from 0.01 to 4.00, as there are only 4 CPUs available'],
    [{ CpusetCpus: '1-x' }, 'Invalid value 1-x for cpuset cpus'],
    [{ CpusetCpus: '0,7' }, 'Requested CPUs are not available - requested 0,7, available: 0-3'],
    [{ BlkioWeight: 5 }, 'Range of blkio weight is from 10 to 1000'],
    [{ OomScoreAdj: 2000 }, 'range for oom score adj is [-1000, 1000]'],
  ])('%o is refused', (hostConfig, message) => {
    expect(() => checkResources(hostConfig, 4)).toThrow(message);
  });

  it('accepts sane limits', () => {
    expect(() =>
      checkResources(
        { Memory: 64 * MiB, MemorySwap: 128 * MiB, NanoCpus: 1.5e9, CpusetCpus: '0-1,3' },
        4,
      ),
    ).not.toThrow();
  });

  it('parses cpusets', () => {
    expect(parseCpuset('0-2,5')).toEqual([0, 1, 2, 5]);
    expect(parseCpuset('3-1')).toBeUndefined();
  });
});
