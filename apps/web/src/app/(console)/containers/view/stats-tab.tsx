'use client';

import { STATS_WINDOW, useContainerStats, type StatsSample } from '@wharf/web-data-access';
import { formatBytes, LineChart } from '@wharf/web-ui';

const percent = (v: number) => `${v.toFixed(1)} %`;
const perSecond = (v: number) => `${formatBytes(v)}/s`;

const summary = (count: number, last: StatsSample) =>
  `${count} samples · ${last.pids} processes · memory ${formatBytes(last.memoryBytes)} of ${formatBytes(last.memoryLimitBytes)}`;

/** Live CPU, memory, network and block I/O charts of the last minute of samples. */
export function StatsTab({ host, id, running }: { host: string; id: string; running: boolean }) {
  const { samples, error } = useContainerStats(host, id, running);
  const last = samples.at(-1);
  if (!running) return <p className="muted">The container is not running: no live statistics.</p>;
  return (
    <div className="cd-stats">
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!error && samples.length === 0 && (
        <p className="muted loading">Waiting for the first samples…</p>
      )}
      {last && (
        <p className="muted small" role="status">
          {summary(samples.length, last)}
        </p>
      )}
      <div className="cd-charts">
        <LineChart
          title="CPU"
          capacity={STATS_WINDOW}
          format={percent}
          series={[
            { label: 'CPU', values: samples.map((s) => s.cpuPercent), color: 'var(--accent)' },
          ]}
        />
        <LineChart
          title={last ? `Memory (limit ${formatBytes(last.memoryLimitBytes)})` : 'Memory'}
          capacity={STATS_WINDOW}
          format={formatBytes}
          series={[
            { label: 'Used', values: samples.map((s) => s.memoryBytes), color: 'var(--ok)' },
          ]}
        />
        <LineChart
          title="Network"
          capacity={STATS_WINDOW}
          format={perSecond}
          series={[
            { label: 'Received', values: samples.map((s) => s.rxRate), color: 'var(--accent)' },
            { label: 'Sent', values: samples.map((s) => s.txRate), color: 'var(--warn)' },
          ]}
        />
        <LineChart
          title="Block I/O"
          capacity={STATS_WINDOW}
          format={perSecond}
          series={[
            { label: 'Read', values: samples.map((s) => s.readRate), color: 'var(--ok)' },
            { label: 'Written', values: samples.map((s) => s.writeRate), color: 'var(--bad)' },
          ]}
        />
      </div>
    </div>
  );
}
