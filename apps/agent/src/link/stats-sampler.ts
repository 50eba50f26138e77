import { readFile } from 'node:fs/promises';

import { type StatsSample } from '@wharf/contracts';
import { type Logger } from '@wharf/util';

import { type EngineClient } from './engine-client';
import { type LinkSocket } from './link-socket';

const MAX_CONTAINERS = 200;

interface CpuTimes {
  busy: number;
  total: number;
}

async function cpuTimes(): Promise<CpuTimes> {
  const line = (await readFile('/proc/stat', 'utf8')).split('\n')[0] ?? '';
  const fields = line.trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0);
  return { busy: total - idle, total };
}

async function memory(): Promise<{ used: number; total: number }> {
  const text = await readFile('/proc/meminfo', 'utf8');
  const kb = (name: string) =>
    Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(text)?.[1] ?? 0) * 1024;
  return { used: kb('MemTotal') - kb('MemAvailable'), total: kb('MemTotal') };
}

interface DockerStats {
  cpu_stats?: {
    cpu_usage?: { total_usage?: number };
    system_cpu_usage?: number;
    online_cpus?: number;
  };
  precpu_stats?: { cpu_usage?: { total_usage?: number }; system_cpu_usage?: number };
  memory_stats?: { usage?: number };
}

function containerCpu(s: DockerStats): number {
  const cpu =
    (s.cpu_stats?.cpu_usage?.total_usage ?? 0) - (s.precpu_stats?.cpu_usage?.total_usage ?? 0);
  const system = (s.cpu_stats?.system_cpu_usage ?? 0) - (s.precpu_stats?.system_cpu_usage ?? 0);
  return system > 0 && cpu > 0 ? (cpu / system) * (s.cpu_stats?.online_cpus ?? 1) * 100 : 0;
}

/** Samples host CPU/memory and running containers' CPU/memory at a modest interval. */
export class StatsSampler {
  private timer: NodeJS.Timeout | undefined;
  private previous: CpuTimes | undefined;

  constructor(
    private readonly engine: EngineClient,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  start(socket: () => LinkSocket | undefined): void {
    this.timer = setInterval(() => {
      const s = socket();
      if (s?.connected !== true) return;
      this.sample().then(
        (sample) => s.emit('agent.stats', sample),
        (error: unknown) =>
          this.logger.debug(
            { err: error instanceof Error ? error.message : String(error) },
            'stats sample failed',
          ),
      );
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  async sample(): Promise<StatsSample> {
    const now = await cpuTimes();
    const before = this.previous ?? now;
    this.previous = now;
    const total = now.total - before.total;
    const mem = await memory();
    const running = await this.engine.json<{ Id: string }[]>('/containers/json');
    const containers: StatsSample['containers'] = [];
    for (const c of running.slice(0, MAX_CONTAINERS)) {
      const res = await this.engine.call({
        method: 'GET',
        path: `/containers/${c.Id}/stats?stream=false`,
      });
      if (res.status !== 200) continue;
      const stats = JSON.parse(res.body.toString('utf8')) as DockerStats;
      containers.push({
        id: c.Id,
        cpuPercent: containerCpu(stats),
        memoryBytes: stats.memory_stats?.usage ?? 0,
      });
    }
    return {
      time: Date.now(),
      host: {
        cpuPercent: total > 0 ? ((now.busy - before.busy) / total) * 100 : 0,
        memoryUsedBytes: mem.used,
        memoryTotalBytes: mem.total,
      },
      containers,
    };
  }
}
