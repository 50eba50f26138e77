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

/**
 * The job's state as people should read it: the server's last push for a job is sent while its
 * queue entry is still active ("running"), so a job whose every host has finished is shown as
 * finished, failed when a host failed, cancelled when one was cancelled (as the server decides).
 */
export function displayState(job: Job): Job['state'] {
  if (job.state !== 'running' && job.state !== 'queued') return job.state;
  if (job.hosts.length === 0 || !job.hosts.every((h) => FINAL.has(h.state))) return job.state;
  if (job.hosts.some((h) => h.state === 'failed')) return 'failed';
  return job.hosts.some((h) => h.state === 'cancelled') ? 'cancelled' : 'completed';
}

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
    finished: !['queued', 'running'].includes(displayState(job)),
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
