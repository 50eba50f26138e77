import type { Clock } from '@wharf/engine-host';

import type { ContainerHealth, HealthConfig, HealthLogEntry } from './container-types';

const NS_PER_MS = 1_000_000;
const DEFAULT_INTERVAL_MS = 30_000;
const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_RETRIES = 3;
const LOG_ENTRIES = 5;
const OUTPUT_LIMIT = 4096;

/** What a probe produced. */
export interface ProbeResult {
  exitCode: number;
  output: string;
  start: Date;
  end: Date;
}

/** The probe's argv: `CMD` runs as is, `CMD-SHELL` through /bin/sh; undefined when disabled. */
export function probeCommand(config: HealthConfig | undefined): string[] | undefined {
  const [kind, ...rest] = config?.Test ?? [];
  if (kind === 'CMD') return rest;
  if (kind === 'CMD-SHELL') return ['/bin/sh', '-c', rest.join(' ')];
  return undefined;
}

export interface HealthTimings {
  intervalMs: number;
  timeoutMs: number;
  startPeriodMs: number;
  startIntervalMs: number;
  retries: number;
}

/** Docker's defaults for the zero values (durations are nanoseconds in the API). */
export function healthTimings(config: HealthConfig): HealthTimings {
  const ms = (ns: number | undefined, fallback: number) => (ns ? ns / NS_PER_MS : fallback);
  const intervalMs = ms(config.Interval, DEFAULT_INTERVAL_MS);
  return {
    intervalMs,
    timeoutMs: ms(config.Timeout, DEFAULT_TIMEOUT_MS),
    startPeriodMs: ms(config.StartPeriod, 0),
    startIntervalMs: ms(config.StartInterval, intervalMs),
    retries: config.Retries || DEFAULT_RETRIES,
  };
}

export const initialHealth = (): ContainerHealth => ({
  Status: 'starting',
  FailingStreak: 0,
  Log: [],
});

/**
 * Docker's state machine: a pass makes the container healthy; failures count towards `retries`
 * (not while still `starting` inside the start period), then it is unhealthy. The last 5 results
 * are kept.
 */
export function nextHealth(
  previous: ContainerHealth,
  result: ProbeResult,
  timings: HealthTimings,
  inStartPeriod: boolean,
): ContainerHealth {
  const entry: HealthLogEntry = {
    Start: result.start.toISOString(),
    End: result.end.toISOString(),
    ExitCode: result.exitCode,
    Output: result.output.slice(0, OUTPUT_LIMIT),
  };
  const Log = [...previous.Log, entry].slice(-LOG_ENTRIES);
  if (result.exitCode === 0) return { Status: 'healthy', FailingStreak: 0, Log };
  if (inStartPeriod && previous.Status === 'starting') return { ...previous, Log };
  const FailingStreak = previous.FailingStreak + 1;
  const Status = FailingStreak >= timings.retries ? 'unhealthy' : previous.Status;
  return { Status, FailingStreak, Log };
}

/** Runs a probe inside a container; a probe over its timeout counts as exit code -1. */
export type Probe = (
  containerId: string,
  argv: string[],
  timeoutMs: number,
) => Promise<ProbeResult>;

interface Watched {
  stop: () => void;
}

/**
 * Schedules probes for running containers with a healthcheck and reports each new health state
 * (the caller stores it and emits `health_status` when the status changes).
 */
export class HealthMonitor {
  private readonly watched = new Map<string, Watched>();

  constructor(
    private readonly clock: Clock,
    private readonly probe: Probe,
    private readonly report: (containerId: string, health: ContainerHealth) => Promise<void>,
  ) {}

  begin(containerId: string, config: HealthConfig, health: ContainerHealth): void {
    this.end(containerId);
    const argv = probeCommand(config);
    if (!argv) return;
    const timings = healthTimings(config);
    const startedAt = this.clock.now().getTime();
    let current = health;
    let cancel = () => undefined as void;
    let stopped = false;
    const tick = async () => {
      const result = await this.probe(containerId, argv, timings.timeoutMs);
      if (stopped) return;
      const inStart = result.start.getTime() - startedAt < timings.startPeriodMs;
      current = nextHealth(current, result, timings, inStart);
      await this.report(containerId, current);
      schedule();
    };
    const schedule = () => {
      if (stopped) return;
      const starting =
        current.Status === 'starting' &&
        this.clock.now().getTime() - startedAt < timings.startPeriodMs;
      cancel = this.clock.schedule(starting ? timings.startIntervalMs : timings.intervalMs, () => {
        void tick().catch(() => schedule());
      });
    };
    schedule();
    this.watched.set(containerId, {
      stop: () => {
        stopped = true;
        cancel();
      },
    });
  }

  end(containerId: string): void {
    this.watched.get(containerId)?.stop();
    this.watched.delete(containerId);
  }

  close(): void {
    for (const id of [...this.watched.keys()]) this.end(id);
  }
}
