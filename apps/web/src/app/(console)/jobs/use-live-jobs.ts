'use client';

import type { Job } from '@wharf/contracts';
import { apiFetch, useUiSocket } from '@wharf/web-data-access';
import { upsertJob } from '@wharf/web-ui';
import { useCallback, useEffect, useState } from 'react';

export interface LiveJobs {
  jobs: Job[] | undefined;
  error: string | undefined;
  /** Puts a job the page just created or cancelled in place before its push arrives. */
  put: (job: Job) => void;
}

/** The jobs the user may see, kept live by `job.updated` pushes and reloaded on reconnect. */
export function useLiveJobs(enabled: boolean): LiveJobs {
  const { socket } = useUiSocket();
  const [jobs, setJobs] = useState<Job[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!socket || !enabled) return undefined;
    const load = () =>
      apiFetch<Job[]>('/jobs').then(
        (list) => {
          setJobs(list);
          setError(undefined);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    void load();
    const onConnect = () => void load();
    const onJob = (job: Job) => setJobs((list) => upsertJob(list, job));
    socket.on('connect', onConnect);
    socket.on('job.updated', onJob);
    return () => {
      socket.off('connect', onConnect);
      socket.off('job.updated', onJob);
    };
  }, [socket, enabled]);
  const put = useCallback((job: Job) => setJobs((list) => upsertJob(list, job)), []);
  return { jobs, error, put };
}
