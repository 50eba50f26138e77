import { AppError } from '@wharf/errors';

/** A runtime (runc/crun/conmon) command exited non-zero. The stderr is the runtime's own words. */
export class RuntimeError extends AppError {
  constructor(
    readonly op: string,
    readonly exitCode: number,
    readonly stderr: string,
  ) {
    super(
      'Internal',
      'RUNTIME_ERROR',
      `runtime ${op} failed (exit ${exitCode}): ${stderr.trim() || 'no output'}`,
    );
  }
}
