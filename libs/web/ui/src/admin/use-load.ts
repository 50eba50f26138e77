'use client';

import { useCallback, useEffect, useState } from 'react';

export interface Loaded<T> {
  /** Undefined until the first answer (show a loading state). */
  data: T | undefined;
  /** The server's message when the last load failed. */
  error: string | undefined;
  reload: () => void;
}

/**
 * Runs `load` once `enabled` (on mount by default) and on `reload()`, keeping the last good answer
 * while reloading.
 */
export function useLoad<T>(load: () => Promise<T>, enabled = true): Loaded<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [round, setRound] = useState(0);
  const reload = useCallback(() => setRound((r) => r + 1), []);
  useEffect(() => {
    if (!enabled) return undefined;
    let live = true;
    load().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(undefined);
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure on every render: `round` and `enabled` decide when to load again.
  }, [round, enabled]);
  return { data, error, reload };
}
