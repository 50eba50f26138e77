'use client';

import { useEffect, useState } from 'react';

import { toSample, type DockerStats, type StatsSample } from './container-stats';
import { errorMessage, openDockerStream, readChunks } from './docker-relay';
import { splitLines } from './log-frames';

/** How many samples the charts keep (about a minute at the engine's one per second). */
export const STATS_WINDOW = 60;

export interface ContainerStatsStream {
  samples: StatsSample[];
  error: string | undefined;
}

/** Live stats (`GET /containers/{id}/stats?stream=1`, JSON lines) as chart samples. */
export function useContainerStats(
  host: string,
  id: string,
  enabled: boolean,
): ContainerStatsStream {
  const [samples, setSamples] = useState<StatsSample[]>([]);
  const [error, setError] = useState<string>();

  useEffect(() => {
    if (!enabled) return undefined;
    const abort = new AbortController();
    const decoder = new TextDecoder();
    let pending = '';
    let last: StatsSample | undefined;
    const onLine = (line: string) => {
      if (line.trim() === '') return;
      const sample = toSample(JSON.parse(line) as DockerStats, last);
      last = sample;
      setSamples((list) => [...list.slice(-(STATS_WINDOW - 1)), sample]);
    };
    setSamples([]);
    setError(undefined);
    void openDockerStream(
      host,
      `/containers/${encodeURIComponent(id)}/stats?stream=1`,
      abort.signal,
    )
      .then((body) =>
        readChunks(body, abort.signal, (chunk) => {
          const split = splitLines(pending, decoder.decode(chunk, { stream: true }));
          pending = split.pending;
          split.lines.forEach(onLine);
        }),
      )
      .catch((e: unknown) => !abort.signal.aborted && setError(errorMessage(e)));
    return () => abort.abort();
  }, [host, id, enabled]);

  return { samples, error };
}
