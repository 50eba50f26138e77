'use client';

import { useCallback, useState } from 'react';

export interface Action {
  busy: boolean;
  /** The server's message of the last failed run; cleared when a run starts. */
  error: string | undefined;
  /** Runs `fn` once at a time; resolves true when it succeeded. */
  run: (fn: () => Promise<unknown>) => Promise<boolean>;
  clear: () => void;
}

/** Busy and error state of a button or form that calls the server. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = useCallback(async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
      return true;
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { busy, error, run, clear: useCallback(() => setError(undefined), []) };
}
