import { type ErrorCategory } from './app-error';

/** The one category → HTTP status table, shared by the Docker API and the REST API. */
export function httpStatusOf(category: ErrorCategory): number {
  switch (category) {
    case 'InvalidArgument':
      return 400;
    case 'Unauthenticated':
      return 401;
    case 'PermissionDenied':
      return 403;
    case 'NotFound':
      return 404;
    case 'AlreadyExists':
    case 'Conflict':
      return 409;
    case 'FailedPrecondition':
      return 409;
    case 'ResourceExhausted':
      return 429;
    case 'TooLarge':
      return 413;
    case 'NotModified':
      return 304;
    case 'Unavailable':
      return 503;
    case 'NotImplemented':
      return 501;
    case 'Internal':
      return 500;
  }
}
