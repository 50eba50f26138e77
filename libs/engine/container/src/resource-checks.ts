import { AppError } from '@wharf/errors';

import type { HostConfig } from './container-types';

/** dockerd's floor for memory limits and reservations (linuxMinMemory). */
const MIN_MEMORY = 6 * 1024 * 1024;

const invalid = (message: string): AppError =>
  new AppError('InvalidArgument', 'BAD_RESOURCES', message);

/** `0-3,5`: every CPU a cpuset names, or undefined when the text is not a cpuset. */
export function parseCpuset(text: string): number[] | undefined {
  const cpus: number[] = [];
  for (const part of text.split(',')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!range) return undefined;
    const from = Number(range[1]);
    const to = range[2] === undefined ? from : Number(range[2]);
    if (to < from) return undefined;
    for (let cpu = from; cpu <= to; cpu += 1) cpus.push(cpu);
  }
  return cpus;
}

function checkMemory(hc: HostConfig): void {
  const memory = hc.Memory ?? 0;
  const swap = hc.MemorySwap ?? 0;
  const reservation = hc.MemoryReservation ?? 0;
  if (memory > 0 && memory < MIN_MEMORY) throw invalid('Minimum memory limit allowed is 6MB');
  if (swap > 0 && memory === 0)
    throw invalid('You should always set the Memory limit when using Memoryswap limit, see usage');
  if (swap > 0 && swap < memory)
    throw invalid('Minimum memoryswap limit should be larger than memory limit, see usage');
  if (reservation > 0 && reservation < MIN_MEMORY)
    throw invalid('Minimum memory reservation allowed is 6MB');
  if (memory > 0 && reservation > memory)
    throw invalid('Minimum memory limit can not be less than memory reservation limit, see usage');
}

function checkCpu(hc: HostConfig, onlineCpus: number): void {
  const nano = hc.NanoCpus ?? 0;
  if (nano > 0 && ((hc.CpuPeriod ?? 0) > 0 || (hc.CpuQuota ?? 0) > 0))
    throw invalid('Conflicting options: Nano CPUs and CPU Period cannot both be set');
  if (nano < 0 || nano > onlineCpus * 1e9)
    throw invalid(
      `Range of CPUs is from 0.01 to ${onlineCpus}.00, as there are only ${onlineCpus} CPUs available`,
    );
  if (hc.CpusetCpus) {
    const cpus = parseCpuset(hc.CpusetCpus);
    if (!cpus) throw invalid(`Invalid value ${hc.CpusetCpus} for cpuset cpus`);
    if (cpus.some((cpu) => cpu >= onlineCpus))
      throw invalid(
        `Requested CPUs are not available - requested ${hc.CpusetCpus}, available: 0-${onlineCpus - 1}`,
      );
  }
}

/**
 * The resource checks dockerd makes at create and update (verifyPlatformContainerResources), with
 * its messages: a refused request changes nothing.
 */
export function checkResources(hc: HostConfig, onlineCpus: number): void {
  checkMemory(hc);
  checkCpu(hc, onlineCpus);
  const weight = hc.BlkioWeight ?? 0;
  if (weight > 0 && (weight < 10 || weight > 1000))
    throw invalid('Range of blkio weight is from 10 to 1000');
  const oom = hc.OomScoreAdj ?? 0;
  if (oom < -1000 || oom > 1000)
    throw invalid(`Invalid value ${oom}, range for oom score adj is [-1000, 1000]`);
}
