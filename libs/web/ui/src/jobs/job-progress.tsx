import type { Host, Job } from '@wharf/contracts';

import { displayState, summarizeJob } from './job-summary';

/** The job's state over its hosts: one bar and one line per host with its state and message. */
export function JobProgress({ job, hosts }: { job: Job; hosts: readonly Host[] }) {
  const s = summarizeJob(job);
  const name = (id: string) => hosts.find((h) => h.id === id)?.name ?? id;
  return (
    <div className="job-progress">
      <div
        className="job-bar"
        role="progressbar"
        aria-label={`Job ${job.id} progress`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={s.percent}
      >
        <span style={{ width: `${s.percent}%` }} data-state={displayState(job)} />
      </div>
      <p className="muted small">
        {s.done} of {s.total} {s.total === 1 ? 'host' : 'hosts'} done
        {s.counts.succeeded > 0 && ` · ${s.counts.succeeded} succeeded`}
        {s.counts.failed > 0 && ` · ${s.counts.failed} failed`}
        {s.counts.cancelled > 0 && ` · ${s.counts.cancelled} cancelled`}
      </p>
      <ul className="job-hosts" aria-label="Hosts">
        {job.hosts.map((h) => (
          <li key={h.hostId} data-host-id={h.hostId} data-state={h.state}>
            <span className={`job-state job-state-${h.state}`}>{h.state}</span>
            <strong>{name(h.hostId)}</strong>
            {h.attempts > 1 && <span className="muted small"> · attempt {h.attempts}</span>}
            {h.message && <span className="job-message">{h.message}</span>}
          </li>
        ))}
      </ul>
    </div>
  );
}
