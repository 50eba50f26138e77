'use client';

import { useAccess, useLiveHosts } from '@wharf/web-data-access';
import { EmptyState, ErrorText, useNow } from '@wharf/web-ui';
import { useState } from 'react';

import { CreateJob } from './create-job';
import { JobCard } from './job-card';
import { useLiveJobs } from './use-live-jobs';

/** Multi-host jobs with live per-host progress; start and cancel them. */
export default function JobsPage() {
  const access = useAccess();
  const { hosts } = useLiveHosts();
  const mayRead = access.can('job:read');
  const mayRun = access.can('job:run');
  const { jobs, error, put } = useLiveJobs(access.loaded && mayRead);
  const [creating, setCreating] = useState(false);
  const now = useNow();
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Jobs</h1>
          <p className="muted page-sub">
            Operations run on many hosts at once, each host retried on its own.
          </p>
        </div>
        {mayRun && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New job
          </button>
        )}
      </div>
      <ErrorText error={error} />
      {creating && (
        <CreateJob
          hosts={hosts ?? []}
          onClose={() => setCreating(false)}
          onCreated={(job) => {
            put(job);
            setCreating(false);
          }}
        />
      )}
      {access.loaded && !mayRead && (
        <EmptyState title="Not allowed">
          <p>Seeing jobs needs the job:read permission.</p>
        </EmptyState>
      )}
      {mayRead && jobs === undefined && !error && (
        <p className="muted loading" role="status">
          Loading jobs…
        </p>
      )}
      {jobs?.length === 0 && (
        <EmptyState title="No jobs yet">
          <p>
            {mayRun
              ? 'Use “New job” to pull an image, prune or run a container on several hosts.'
              : 'Jobs started by others appear here.'}
          </p>
        </EmptyState>
      )}
      <div className="adm-stack">
        {jobs?.map((j) => (
          <JobCard
            key={j.id}
            job={j}
            hosts={hosts ?? []}
            now={now}
            canRun={mayRun}
            onChanged={put}
          />
        ))}
      </div>
    </>
  );
}
