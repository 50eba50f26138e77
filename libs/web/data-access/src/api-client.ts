import { API_PREFIX, CSRF_COOKIE, CSRF_HEADER, type ApiError } from '@wharf/contracts';

/** An API failure carrying the server's own message (shown to people as is). */
export class ApiRequestError extends Error {
  constructor(
    readonly status: number,
    readonly body: ApiError | undefined,
  ) {
    super(body?.message ?? `request failed with status ${status}`);
  }
}

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match === undefined ? undefined : decodeURIComponent(match.slice(CSRF_COOKIE.length + 1));
}

/**
 * Calls the REST API with the session cookie; state-changing calls echo the CSRF cookie in
 * `x-csrf-token`. Errors become {@link ApiRequestError} with the server's message.
 */
export async function apiFetch<T>(
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  const method = init.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const csrf = csrfToken();
  if (method !== 'GET' && csrf) headers[CSRF_HEADER] = csrf;
  const response = await fetch(`${API_PREFIX}${path}`, {
    method,
    headers,
    credentials: 'include',
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  const parsed: unknown = text ? JSON.parse(text) : undefined;
  if (!response.ok) throw new ApiRequestError(response.status, parsed as ApiError | undefined);
  return parsed as T;
}
