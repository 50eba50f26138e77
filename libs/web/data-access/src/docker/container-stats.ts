/** The fields of Docker's stats JSON this UI reads (every one may be missing on some engines). */
export interface DockerStats {
  read?: string;
  cpu_stats?: CpuStats;
  precpu_stats?: CpuStats;
  memory_stats?: { usage?: number; limit?: number; stats?: Record<string, number> };
  networks?: Record<string, { rx_bytes?: number; tx_bytes?: number }>;
  blkio_stats?: { io_service_bytes_recursive?: { op?: string; value?: number }[] | null };
  pids_stats?: { current?: number };
}

interface CpuStats {
  cpu_usage?: { total_usage?: number; percpu_usage?: number[] };
  system_cpu_usage?: number;
  online_cpus?: number;
}

/** One point of the live charts. Rates are per second since the previous sample (0 for the first). */
export interface StatsSample {
  at: number;
  cpuPercent: number;
  memoryBytes: number;
  memoryLimitBytes: number;
  /** Totals, kept to compute the next sample's rates. */
  rxBytes: number;
  txBytes: number;
  readBytes: number;
  writeBytes: number;
  rxRate: number;
  txRate: number;
  readRate: number;
  writeRate: number;
  pids: number;
}

/** CPU % as the docker CLI computes it: cpu_delta / system_delta × online CPUs × 100. */
export function cpuPercent(stats: DockerStats): number {
  const cpu = stats.cpu_stats;
  const pre = stats.precpu_stats;
  const cpuDelta = (cpu?.cpu_usage?.total_usage ?? 0) - (pre?.cpu_usage?.total_usage ?? 0);
  const systemDelta = (cpu?.system_cpu_usage ?? 0) - (pre?.system_cpu_usage ?? 0);
  const online = cpu?.online_cpus || cpu?.cpu_usage?.percpu_usage?.length || 1;
  if (systemDelta <= 0 || cpuDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * online * 100;
}

/** Memory in use without the reclaimable page cache, as `docker stats` shows it (v1 and v2). */
export function memoryUsed(stats: DockerStats): number {
  const usage = stats.memory_stats?.usage ?? 0;
  const detail = stats.memory_stats?.stats ?? {};
  const cache = detail['total_inactive_file'] ?? detail['inactive_file'] ?? 0;
  return cache < usage ? usage - cache : usage;
}

function totals(stats: DockerStats): { rx: number; tx: number; read: number; write: number } {
  let rx = 0;
  let tx = 0;
  for (const net of Object.values(stats.networks ?? {})) {
    rx += net.rx_bytes ?? 0;
    tx += net.tx_bytes ?? 0;
  }
  let read = 0;
  let write = 0;
  for (const entry of stats.blkio_stats?.io_service_bytes_recursive ?? []) {
    const op = entry.op?.toLowerCase();
    if (op === 'read') read += entry.value ?? 0;
    if (op === 'write') write += entry.value ?? 0;
  }
  return { rx, tx, read, write };
}

const rate = (now: number, before: number, seconds: number) =>
  seconds > 0 && now >= before ? (now - before) / seconds : 0;

/** A chart point from one stats message and the point before it (rates need two). */
export function toSample(stats: DockerStats, previous: StatsSample | undefined): StatsSample {
  const parsed = stats.read ? Date.parse(stats.read) : NaN;
  const at = Number.isNaN(parsed) || parsed <= 0 ? Date.now() : parsed;
  const t = totals(stats);
  const seconds = previous ? (at - previous.at) / 1000 : 0;
  return {
    at,
    cpuPercent: cpuPercent(stats),
    memoryBytes: memoryUsed(stats),
    memoryLimitBytes: stats.memory_stats?.limit ?? 0,
    rxBytes: t.rx,
    txBytes: t.tx,
    readBytes: t.read,
    writeBytes: t.write,
    rxRate: previous ? rate(t.rx, previous.rxBytes, seconds) : 0,
    txRate: previous ? rate(t.tx, previous.txBytes, seconds) : 0,
    readRate: previous ? rate(t.read, previous.readBytes, seconds) : 0,
    writeRate: previous ? rate(t.write, previous.writeBytes, seconds) : 0,
    pids: stats.pids_stats?.current ?? 0,
  };
}
