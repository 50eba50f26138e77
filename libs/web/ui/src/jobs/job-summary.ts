import type { HostJobState, Job } from '@wharf/contracts';

export interface JobSummary {
  total: number;
  done: number;
  counts: Record<HostJobState, number>;
  /** Share of hosts finished, 0–100. */
  percent: number;
  finished: boolean;
}

const FINAL: ReadonlySet<HostJobState> = new Set(['succeeded', 'failed', 'cancelled']);

/** How far a job got over its hosts. */
export function summarizeJob(job: Job): JobSummary {
  const counts: Record<HostJobState, number> = {
    pending: 0,
    running: 0,
    succeeded: 0,
    failed: 0,
    cancelled: 0,
  };
  for (const h of job.hosts) counts[h.state] += 1;
  const total = job.hosts.length;
  const done = job.hosts.filter((h) => FINAL.has(h.state)).length;
  return {
    total,
    done,
    counts,
    percent: total === 0 ? 100 : Math.round((done / total) * 100),
    finished: job.state === 'completed' || job.state === 'failed' || job.state === 'cancelled',
  };
}

/** The job list with `job` put in its place (newest first), as a `job.updated` push arrives. */
export function upsertJob(list: readonly Job[] | undefined, job: Job): Job[] {
  const rest = (list ?? []).filter((j) => j.id !== job.id);
  return [job, ...rest].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

export const JOB_KIND_LABELS: Record<string, string> = {
  'image.pull': 'Pull image',
  'system.prune': 'Prune',
  'container.run': 'Run container',
};
