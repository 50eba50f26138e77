import { AppError, type ErrorCategory } from '@wharf/errors';

import { parseWwwAuthenticate } from './www-authenticate';

/** One error of a registry's `{"errors":[{code,message,detail}]}` body (distribution errcode). */
export interface RegistryErrorBody {
  code: string;
  message: string;
}

/** What a failed registry request looked like. */
export interface RegistryFailure {
  method: string;
  url: string;
  status: number;
  errors: RegistryErrorBody[];
}

/** distribution's errcode descriptors: code → lower-case text (`errcode.ErrorCode.Error()`). */
const CODE_TEXT: Record<string, string> = {
  UNAUTHORIZED: 'unauthorized',
  DENIED: 'denied',
  MANIFEST_UNKNOWN: 'manifest unknown',
  NAME_UNKNOWN: 'name unknown',
  BLOB_UNKNOWN: 'blob unknown',
  TOOMANYREQUESTS: 'toomanyrequests',
  UNSUPPORTED: 'unsupported',
  NAME_INVALID: 'name invalid',
  TAG_INVALID: 'tag invalid',
  MANIFEST_INVALID: 'manifest invalid',
  DIGEST_INVALID: 'digest invalid',
  BLOB_UPLOAD_UNKNOWN: 'blob upload unknown',
  BLOB_UPLOAD_INVALID: 'blob upload invalid',
  MANIFEST_BLOB_UNKNOWN: 'manifest blob unknown',
  SIZE_INVALID: 'size invalid',
};

/** `errcode.Error.Error()`: `manifest unknown: manifest unknown`. */
export function errcodeText(error: RegistryErrorBody): string {
  const code = CODE_TEXT[error.code] ?? error.code.toLowerCase().replace(/_/g, ' ');
  return `${code}: ${error.message}`;
}

/** Parses an error body; a body that is not errcode JSON yields none. */
export function parseErrorBody(text: string): RegistryErrorBody[] {
  try {
    const parsed = JSON.parse(text) as { errors?: unknown };
    if (!Array.isArray(parsed.errors)) return [];
    return parsed.errors
      .filter((e): e is Record<string, unknown> => typeof e === 'object' && e !== null)
      .map((e) => ({
        code: typeof e['code'] === 'string' ? e['code'] : 'UNKNOWN',
        message: typeof e['message'] === 'string' ? e['message'] : '',
      }));
  } catch {
    return [];
  }
}

/** RFC 6750 `error` values of a bearer challenge and the errcode distribution's client reads them as. */
const BEARER_ERRORS: Record<string, RegistryErrorBody> = {
  invalid_token: { code: 'UNAUTHORIZED', message: 'authentication required' },
  insufficient_scope: { code: 'DENIED', message: 'requested access to the resource is denied' },
};

/**
 * The error a 4xx's bearer challenge names (`error="insufficient_scope"` when the token lacks the
 * action), as distribution's `HandleErrorResponse` reads it ahead of the body: a HEAD has no body,
 * and the body of a token registry only ever says `unauthorized`.
 */
export function challengeErrors(status: number, header: string | null): RegistryErrorBody[] {
  if (status < 400 || status >= 500 || !header) return [];
  for (const challenge of parseWwwAuthenticate(header)) {
    const known =
      challenge.scheme === 'bearer' ? BEARER_ERRORS[challenge.params['error'] ?? ''] : undefined;
    if (known)
      return [
        { code: known.code, message: challenge.params['error_description'] || known.message },
      ];
  }
  return [];
}

/**
 * A registry error that is not one of the pull-specific ones: the errcode text when the body
 * had one (`unauthorized: authentication required`), else what distribution's client says for a
 * bare status.
 */
export class RegistryError extends AppError {
  constructor(
    readonly failure: RegistryFailure,
    category: ErrorCategory,
    message: string,
  ) {
    super(category, 'REGISTRY_ERROR', message, { details: { status: failure.status } });
  }
}

/**
 * A registry's 401 is not the API client's: answering 401 would make the docker CLI retry with
 * its credential prompt, so a refused registry request is a 403 on the Engine API.
 */
function categoryOf(status: number): ErrorCategory {
  if (status === 401) return 'PermissionDenied';
  if (status === 403) return 'PermissionDenied';
  if (status === 404) return 'NotFound';
  if (status === 429) return 'ResourceExhausted';
  return 'Unavailable';
}

/** The error a failed request becomes (`HandleErrorResponse` in distribution's client). */
export function registryError(failure: RegistryFailure): RegistryError {
  const first = failure.errors[0];
  if (first) return new RegistryError(failure, categoryOf(failure.status), errcodeText(first));
  if (failure.status === 401)
    return new RegistryError(failure, 'PermissionDenied', 'unauthorized: authentication required');
  if (failure.status === 404 && /\/manifests\/[^/]+$/.test(new URL(failure.url).pathname))
    return new RegistryError(failure, 'NotFound', 'manifest unknown: manifest unknown');
  return new RegistryError(
    failure,
    categoryOf(failure.status),
    `${failure.method} "${failure.url}": unexpected status code ${failure.status}`,
  );
}

/**
 * moby's `translatePullError`: denied, unknown manifest and unknown name become "not found"
 * messages naming the reference; anything else is passed on unchanged.
 */
export function translatePullError(
  error: unknown,
  familiarName: string,
  familiarRef: string,
): unknown {
  if (!(error instanceof RegistryError)) return error;
  const first = error.failure.errors[0];
  const code = first?.code ?? (error.failure.status === 404 ? 'MANIFEST_UNKNOWN' : undefined);
  const cause = error.message;
  switch (code) {
    case 'DENIED':
      return new AppError(
        'NotFound',
        'PULL_ACCESS_DENIED',
        `pull access denied for ${familiarName}, repository does not exist or may require 'docker login': ${cause}`,
      );
    case 'MANIFEST_UNKNOWN':
      return new AppError(
        'NotFound',
        'MANIFEST_UNKNOWN',
        `manifest for ${familiarRef} not found: ${cause}`,
      );
    case 'NAME_UNKNOWN':
      return new AppError(
        'NotFound',
        'NAME_UNKNOWN',
        `repository ${familiarName} not found: ${cause}`,
      );
    default:
      return error;
  }
}
