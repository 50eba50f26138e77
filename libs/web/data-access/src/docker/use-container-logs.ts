'use client';

import { useEffect, useState } from 'react';

import { openDockerStream, readChunks, errorMessage } from './docker-relay';
import { LogDecoder } from './log-decoder';
import type { LogLine } from './log-frames';

/** The most lines kept in the browser; older ones are dropped from the top. */
export const MAX_LOG_LINES = 5000;
const FLUSH_MS = 100;

export interface ContainerLogsOptions {
  host: string;
  id: string;
  /** Containers with a TTY send raw text instead of multiplexed frames. */
  tty: boolean;
  /** Lines of history to start with: a number or 'all'. */
  tail: number | 'all';
  /** Keep the request open for new lines. */
  follow: boolean;
}

export interface ContainerLogs {
  lines: LogLine[];
  error: string | undefined;
  /** The stream is open and new lines are being read. */
  streaming: boolean;
}

/**
 * A container's logs from the relay (stdout and stderr, with the engine's timestamps), streamed
 * while `follow` is on. The request is aborted when the options change or the component unmounts.
 */
export function useContainerLogs(options: ContainerLogsOptions): ContainerLogs {
  const { host, id, tty, tail, follow } = options;
  const [lines, setLines] = useState<LogLine[]>([]);
  const [error, setError] = useState<string>();
  const [streaming, setStreaming] = useState(false);

  useEffect(() => {
    const abort = new AbortController();
    const decoder = new LogDecoder(tty);
    let buffered: LogLine[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const add = buffered;
      buffered = [];
      setLines((list) => {
        const next = list.concat(add);
        return next.length > MAX_LOG_LINES ? next.slice(next.length - MAX_LOG_LINES) : next;
      });
    };
    const push = (more: LogLine[]) => {
      if (more.length === 0) return;
      buffered.push(...more);
      timer ??= setTimeout(flush, FLUSH_MS);
    };
    const query = new URLSearchParams({
      stdout: '1',
      stderr: '1',
      timestamps: '1',
      tail: String(tail),
      follow: follow ? '1' : '0',
    });
    setLines([]);
    setError(undefined);
    setStreaming(true);
    void openDockerStream(host, `/containers/${encodeURIComponent(id)}/logs?${query}`, abort.signal)
      .then((body) => readChunks(body, abort.signal, (chunk) => push(decoder.push(chunk))))
      .then(
        () => push(decoder.flush()),
        (e: unknown) => !abort.signal.aborted && setError(errorMessage(e)),
      )
      .finally(() => !abort.signal.aborted && setStreaming(false));
    return () => {
      abort.abort();
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [host, id, tty, tail, follow]);

  return { lines, error, streaming };
}
