/**
 * The closed set of error categories (containerd's errdefs). Every transport maps these once:
 * the Docker API and the REST API to HTTP status codes, socket acks to `{ error: { category } }`.
 */
export const ERROR_CATEGORIES = [
  'InvalidArgument',
  'Unauthenticated',
  'PermissionDenied',
  'NotFound',
  'AlreadyExists',
  'Conflict',
  'FailedPrecondition',
  'ResourceExhausted',
  'TooLarge',
  'NotModified',
  'Unavailable',
  'NotImplemented',
  'Internal',
] as const;

export type ErrorCategory = (typeof ERROR_CATEGORIES)[number];

/** An error with a category, a stable code and a human message meant for the end user. */
export class AppError extends Error {
  override readonly name = 'AppError';

  constructor(
    readonly category: ErrorCategory,
    readonly code: string,
    message: string,
    options?: { cause?: unknown; details?: Record<string, unknown> },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.details = options?.details;
  }

  readonly details: Record<string, unknown> | undefined;
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Adds context in front of a message while keeping category and code ("pull busybox: ..."). */
export function wrapError(context: string, error: unknown): AppError {
  if (isAppError(error)) {
    return new AppError(error.category, error.code, `${context}: ${error.message}`, {
      cause: error,
      details: error.details,
    });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new AppError('Internal', 'INTERNAL', `${context}: ${message}`, { cause: error });
}
