import type { RestartPolicy } from './container-types';

/** Docker's restart manager constants (moby restartmanager/restartmanager.go). */
export const BACKOFF_START_MS = 100;
export const BACKOFF_MAX_MS = 60_000;
export const BACKOFF_RESET_AFTER_MS = 10_000;

/** Next backoff: doubles from 100 ms to 1 min; resets to the start when the last run lasted ≥ 10 s. */
export function nextBackoff(previousMs: number, ranForMs: number): number {
  if (ranForMs >= BACKOFF_RESET_AFTER_MS || previousMs <= 0) return BACKOFF_START_MS;
  return Math.min(previousMs * 2, BACKOFF_MAX_MS);
}

/** Whether an exit should lead to a restart (the container was not stopped by the user). */
export function shouldRestart(
  policy: RestartPolicy | undefined,
  exitCode: number,
  restartCount: number,
  manuallyStopped: boolean,
): boolean {
  if (manuallyStopped) return false;
  switch (policy?.Name ?? 'no') {
    case 'always':
    case 'unless-stopped':
      return true;
    case 'on-failure': {
      const max = policy?.MaximumRetryCount ?? 0;
      return exitCode !== 0 && (max === 0 || restartCount < max);
    }
    default:
      return false;
  }
}

/** Whether the daemon starting up should start this container (Docker's live-restore rule). */
export function startOnDaemonBoot(
  policy: RestartPolicy | undefined,
  manuallyStopped: boolean,
): boolean {
  const name = policy?.Name ?? 'no';
  return name === 'always' || (name === 'unless-stopped' && !manuallyStopped);
}
