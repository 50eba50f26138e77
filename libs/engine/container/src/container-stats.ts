import { readFile } from 'node:fs/promises';
import { totalmem } from 'node:os';

import type { CgroupFs, CgroupLayout } from '@wharf/engine-host';

import type { ContainerStats, CpuStats } from './container-types';

/** What one sample of a container's cgroup says, before Docker's shape is put on it. */
export interface CgroupSample {
  cpuTotalNs: number;
  cpuUserNs: number;
  cpuKernelNs: number;
  perCpuNs: number[];
  memoryUsage: number;
  memoryLimit: number;
  memoryStat: Record<string, number>;
  pids: number;
  pidsLimit: number;
  blkio: { major: number; minor: number; op: string; value: number }[];
}

const USER_HZ = 100;

function parseKeyed(text: string | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of (text ?? '').split('\n')) {
    const [key, value] = line.trim().split(/\s+/);
    if (key && value !== undefined && /^\d+$/.test(value)) out[key] = Number(value);
  }
  return out;
}

function num(text: string | null): number {
  const value = (text ?? '').trim();
  return value === '' || value === 'max' ? 0 : Number(value);
}

async function sampleV1(fs: CgroupFs, group: string): Promise<CgroupSample> {
  const acct = parseKeyed(await fs.read(`cpuacct${group}/cpuacct.stat`));
  const blkio = (await fs.read(`blkio${group}/blkio.throttle.io_service_bytes`)) ?? '';
  return {
    cpuTotalNs: num(await fs.read(`cpuacct${group}/cpuacct.usage`)),
    cpuUserNs: ((acct['user'] ?? 0) * 1e9) / USER_HZ,
    cpuKernelNs: ((acct['system'] ?? 0) * 1e9) / USER_HZ,
    perCpuNs: ((await fs.read(`cpuacct${group}/cpuacct.usage_percpu`)) ?? '')
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number),
    memoryUsage: num(await fs.read(`memory${group}/memory.usage_in_bytes`)),
    memoryLimit: num(await fs.read(`memory${group}/memory.limit_in_bytes`)),
    memoryStat: parseKeyed(await fs.read(`memory${group}/memory.stat`)),
    pids: num(await fs.read(`pids${group}/pids.current`)),
    pidsLimit: num(await fs.read(`pids${group}/pids.max`)),
    blkio: blkio.split('\n').flatMap((line) => {
      const m = /^(\d+):(\d+) (\w+) (\d+)$/.exec(line.trim());
      return m
        ? [{ major: Number(m[1]), minor: Number(m[2]), op: m[3] ?? '', value: Number(m[4]) }]
        : [];
    }),
  };
}

async function sampleV2(fs: CgroupFs, group: string): Promise<CgroupSample> {
  const cpu = parseKeyed(await fs.read(`${group.slice(1)}/cpu.stat`));
  const io = (await fs.read(`${group.slice(1)}/io.stat`)) ?? '';
  return {
    cpuTotalNs: (cpu['usage_usec'] ?? 0) * 1000,
    cpuUserNs: (cpu['user_usec'] ?? 0) * 1000,
    cpuKernelNs: (cpu['system_usec'] ?? 0) * 1000,
    perCpuNs: [],
    memoryUsage: num(await fs.read(`${group.slice(1)}/memory.current`)),
    memoryLimit: num(await fs.read(`${group.slice(1)}/memory.max`)),
    memoryStat: parseKeyed(await fs.read(`${group.slice(1)}/memory.stat`)),
    pids: num(await fs.read(`${group.slice(1)}/pids.current`)),
    pidsLimit: num(await fs.read(`${group.slice(1)}/pids.max`)),
    blkio: io.split('\n').flatMap((line) => {
      const m = /^(\d+):(\d+) rbytes=(\d+) wbytes=(\d+)/.exec(line.trim());
      return m
        ? [
            { major: Number(m[1]), minor: Number(m[2]), op: 'read', value: Number(m[3]) },
            { major: Number(m[1]), minor: Number(m[2]), op: 'write', value: Number(m[4]) },
          ]
        : [];
    }),
  };
}

/**
 * Reads a container's cgroup (`group` is its cgroupsPath, e.g. `/wharf/<id>`): the v1 controllers on
 * v1 and hybrid hosts (where controllers live on the v1 side), the unified files on v2.
 */
export function sampleCgroup(
  fs: CgroupFs,
  layout: CgroupLayout,
  group: string,
): Promise<CgroupSample> {
  return layout === 'v2' ? sampleV2(fs, group) : sampleV1(fs, group);
}

/** Host CPU time in ns from /proc/stat, the denominator Docker's CPU % uses. */
export async function systemCpuNs(): Promise<number> {
  const first = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const ticks = first
    .trim()
    .split(/\s+/)
    .slice(1, 9)
    .map(Number)
    .reduce((a, b) => a + b, 0);
  return (ticks * 1e9) / USER_HZ;
}

function cpuStats(sample: CgroupSample | undefined, system: number, onlineCpus: number): CpuStats {
  return {
    cpu_usage: {
      total_usage: sample?.cpuTotalNs ?? 0,
      ...(sample?.perCpuNs.length ? { percpu_usage: sample.perCpuNs } : {}),
      usage_in_kernelmode: sample?.cpuKernelNs ?? 0,
      usage_in_usermode: sample?.cpuUserNs ?? 0,
    },
    system_cpu_usage: system,
    online_cpus: onlineCpus,
    throttling_data: { periods: 0, throttled_periods: 0, throttled_time: 0 },
  };
}

/** Docker's stats JSON from this sample and the previous one (the CLI computes CPU % from both). */
export function dockerStats(
  ids: { id: string; name: string },
  now: { at: Date; sample: CgroupSample | undefined; system: number },
  before: { at: Date; sample: CgroupSample | undefined; system: number } | undefined,
  onlineCpus: number,
): ContainerStats {
  const s = now.sample;
  return {
    id: ids.id,
    name: ids.name,
    read: now.at.toISOString(),
    preread: before?.at.toISOString() ?? '0001-01-01T00:00:00Z',
    pids_stats: s ? { current: s.pids, ...(s.pidsLimit ? { limit: s.pidsLimit } : {}) } : {},
    blkio_stats: { io_service_bytes_recursive: s?.blkio ?? [] },
    num_procs: 0,
    storage_stats: {},
    cpu_stats: cpuStats(s, now.system, onlineCpus),
    precpu_stats: before
      ? cpuStats(before.sample, before.system, onlineCpus)
      : cpuStats(undefined, 0, onlineCpus),
    // An unlimited cgroup reports a huge limit; Docker shows the machine's memory instead.
    memory_stats: s
      ? {
          usage: s.memoryUsage,
          limit: Math.min(s.memoryLimit || totalmem(), totalmem()),
          stats: s.memoryStat,
        }
      : {},
  };
}

export interface InterfaceStats {
  rx_bytes: number;
  rx_packets: number;
  rx_errors: number;
  rx_dropped: number;
  tx_bytes: number;
  tx_packets: number;
  tx_errors: number;
  tx_dropped: number;
}

/**
 * `/proc/<pid>/net/dev` of the container's init: its interfaces' counters in Docker's `networks`
 * shape. Loopback is left out, as Docker reports only the endpoints' interfaces.
 */
export function parseNetDev(text: string): Record<string, InterfaceStats> {
  const networks: Record<string, InterfaceStats> = {};
  for (const line of text.split('\n').slice(2)) {
    const match = /^\s*([^:\s]+):\s*(.*)$/.exec(line);
    if (!match?.[1] || match[1] === 'lo') continue;
    const n = (match[2] ?? '').trim().split(/\s+/).map(Number);
    networks[match[1]] = {
      rx_bytes: n[0] ?? 0,
      rx_packets: n[1] ?? 0,
      rx_errors: n[2] ?? 0,
      rx_dropped: n[3] ?? 0,
      tx_bytes: n[8] ?? 0,
      tx_packets: n[9] ?? 0,
      tx_errors: n[10] ?? 0,
      tx_dropped: n[11] ?? 0,
    };
  }
  return networks;
}
