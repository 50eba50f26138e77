import { API_PREFIX, type ApiError } from '@wharf/contracts';

import { apiFetch, ApiRequestError } from '../api-client';

const relayPath = (host: string, path: string) =>
  `/hosts/${encodeURIComponent(host)}/docker${path}`;

/** A Docker Engine API call on one host through the server relay (JSON in and out). */
export function dockerApi<T>(
  host: string,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<T> {
  return apiFetch<T>(relayPath(host, path), init);
}

/**
 * Opens a streamed relay response (logs with follow, stats) and returns its body. Refusals and
 * engine errors become {@link ApiRequestError} with the server's message. Abort `signal` to end it.
 */
export async function openDockerStream(
  host: string,
  path: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const response = await fetch(`${API_PREFIX}${relayPath(host, path)}`, {
    credentials: 'include',
    signal,
  });
  if (!response.ok) {
    const text = await response.text();
    let body: ApiError | undefined;
    try {
      body = text ? (JSON.parse(text) as ApiError) : undefined;
    } catch {
      body = { message: text } as ApiError;
    }
    throw new ApiRequestError(response.status, body);
  }
  if (response.body === null) throw new ApiRequestError(response.status, undefined);
  return response.body;
}

/** Reads a stream chunk by chunk until it ends or `signal` aborts (then it resolves quietly). */
export async function readChunks(
  body: ReadableStream<Uint8Array>,
  signal: AbortSignal,
  onChunk: (chunk: Uint8Array) => void,
): Promise<void> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      onChunk(value);
    }
  } catch (error) {
    if (!signal.aborted) throw error;
  } finally {
    reader.releaseLock();
  }
}

/** The text of an error for people: the server's own message when there is one. */
export const errorMessage = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);
