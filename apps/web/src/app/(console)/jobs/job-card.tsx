'use client';

import type { Host, Job } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import {
  ConfirmDialog,
  displayState,
  ErrorText,
  JOB_KIND_LABELS,
  JobProgress,
  relativeTime,
  useAction,
} from '@wharf/web-ui';
import { useState } from 'react';

const RUNNING = new Set(['queued', 'running']);

interface JobCardProps {
  job: Job;
  hosts: readonly Host[];
  now: number;
  canRun: boolean;
  onChanged: (job: Job) => void;
}

/** One job: kind, who and when, overall state, per-host progress; cancel while it runs. */
export function JobCard({ job, hosts, now, canRun, onChanged }: JobCardProps) {
  const [confirming, setConfirming] = useState(false);
  const state = displayState(job);
  const action = useAction();
  const cancel = async () => {
    setConfirming(false);
    await action.run(async () =>
      onChanged(await apiFetch<Job>(`/jobs/${job.id}/cancel`, { method: 'POST' })),
    );
  };
  return (
    <article
      className="card adm-card job-card"
      aria-label={`Job ${job.id}`}
      data-job-id={job.id}
      data-state={state}
    >
      <div className="card-head">
        <h2>
          {JOB_KIND_LABELS[job.kind] ?? job.kind}{' '}
          <span className={`job-state job-state-${state}`}>{state}</span>
        </h2>
        {canRun && RUNNING.has(state) && (
          <button type="button" className="danger" onClick={() => setConfirming(true)}>
            Cancel job
          </button>
        )}
      </div>
      <p className="muted small">
        #{job.id} · by {job.createdBy} ·{' '}
        <span title={job.createdAt}>{relativeTime(job.createdAt, now)}</span>
      </p>
      <JobProgress job={job} hosts={hosts} />
      <ErrorText error={action.error} />
      {confirming && (
        <ConfirmDialog
          title="Cancel this job?"
          confirmLabel="Cancel job"
          onConfirm={() => void cancel()}
          onCancel={() => setConfirming(false)}
        >
          <p>
            Hosts that have not started stay untouched; a step already running on a host finishes.
          </p>
        </ConfirmDialog>
      )}
    </article>
  );
}
