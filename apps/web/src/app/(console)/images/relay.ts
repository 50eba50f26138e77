'use client';

import type { Host, InventoryItem, Permission } from '@wharf/contracts';
import { API_PREFIX, CSRF_COOKIE, CSRF_HEADER, type ApiError } from '@wharf/contracts';
import { ApiRequestError, dockerApi, errorMessage, useAccess } from '@wharf/web-data-access';
import { JsonLineSplitter, type ProgressLine } from '@wharf/web-ui';
import { useEffect, useMemo, useState } from 'react';

function csrfToken(): string | undefined {
  const match = document.cookie.split('; ').find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  return match === undefined ? undefined : decodeURIComponent(match.slice(CSRF_COOKIE.length + 1));
}

/**
 * A relayed Docker call whose body is not JSON (an archive) or whose answer is a stream of JSON
 * lines (a pull): each line is handed to `onLine` as it arrives. Refusals become
 * {@link ApiRequestError} with the server's message.
 */
export async function relayLines(
  host: string,
  path: string,
  init: { method: string; body?: Blob; contentType?: string; signal?: AbortSignal },
  onLine: (line: ProgressLine) => void,
): Promise<void> {
  const headers: Record<string, string> = {};
  const csrf = csrfToken();
  if (csrf) headers[CSRF_HEADER] = csrf;
  if (init.contentType) headers['content-type'] = init.contentType;
  const response = await fetch(`${API_PREFIX}/hosts/${encodeURIComponent(host)}/docker${path}`, {
    method: init.method,
    headers,
    credentials: 'include',
    body: init.body,
    signal: init.signal,
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
  const splitter = new JsonLineSplitter();
  if (response.body === null) return;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    splitter.feed(value).forEach(onLine);
  }
  splitter.end().forEach(onLine);
}

/** `can(permission, hostId)` against the host's groups, from the live host list. */
export function useHostAccess(hosts: readonly Host[] | undefined) {
  const access = useAccess();
  return {
    loaded: access.loaded,
    can: (permission: Parameters<typeof access.can>[0], hostId: string) => {
      const host = hosts?.find((h) => h.id === hostId);
      return access.can(permission, { id: hostId, groups: host?.groups ?? [] });
    },
  };
}

/** The name of a host for people, its id while the host list loads. */
export const hostName = (hosts: readonly Host[] | undefined, id: string): string =>
  hosts?.find((h) => h.id === id)?.name ?? id;

/** The default host for an action: the filtered one, else the first online host. */
export const defaultHost = (hosts: readonly Host[] | undefined, filter: string): string =>
  filter || (hosts?.find((h) => h.status === 'online') ?? hosts?.[0])?.id || '';

/**
 * Engine list details the server's inventory rows do not carry (a volume's mountpoint, a network's
 * IPAM), read once per host through the relay and again whenever that host's rows change — the
 * rows are live by pushes, so this never polls.
 */
export function useEngineDetails<T>(
  items: InventoryItem[] | undefined,
  path: string,
  pick: (body: unknown) => T[],
  keyOf: (entry: T) => string,
): { details: ReadonlyMap<string, T>; error: string | undefined } {
  const versions = useMemo(() => {
    const byHost = new Map<string, string[]>();
    for (const item of items ?? [])
      byHost.set(item.hostId, [...(byHost.get(item.hostId) ?? []), item.id]);
    return [...byHost].map(([host, ids]) => `${host}|${ids.sort().join(',')}`);
  }, [items]);
  const [details, setDetails] = useState<ReadonlyMap<string, T>>(new Map());
  const [error, setError] = useState<string>();
  const signature = versions.join(';');
  useEffect(() => {
    let cancelled = false;
    for (const version of signature === '' ? [] : signature.split(';')) {
      const host = version.slice(0, version.indexOf('|'));
      dockerApi<unknown>(host, path).then(
        (body) => {
          if (cancelled) return;
          setDetails((old) => {
            const next = new Map(old);
            for (const entry of pick(body)) next.set(`${host}/${keyOf(entry)}`, entry);
            return next;
          });
        },
        (e: unknown) => !cancelled && setError(errorMessage(e)),
      );
    }
    return () => {
      cancelled = true;
    };
    // pick and keyOf are module-level functions at every call site.
  }, [signature, path]);
  return { details, error };
}

/** Rows by name, then host. */
export const sortByName = (items: InventoryItem[] | undefined): InventoryItem[] =>
  [...(items ?? [])].sort(
    (a, b) => a.name.localeCompare(b.name) || a.hostId.localeCompare(b.hostId),
  );

/** One relayed GET, loaded when the panel opens: its answer or the server's message. */
export function useRelayGet<T>(host: string, path: string): { data?: T; error?: string } {
  const [state, setState] = useState<{ data?: T; error?: string }>({});
  useEffect(() => {
    let cancelled = false;
    dockerApi<T>(host, path).then(
      (data) => !cancelled && setState({ data }),
      (e: unknown) => !cancelled && setState({ error: errorMessage(e) }),
    );
    return () => {
      cancelled = true;
    };
  }, [host, path]);
  return state;
}

/** Runs one submit at a time, keeping the server's message when it fails. */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const run = async (call: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await call();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return { busy, error, run };
}

/** Permissions per host for a page with a host filter ('' = all hosts). */
export function usePagePermissions(hosts: readonly Host[] | undefined, filter: string) {
  const access = useHostAccess(hosts);
  const hostsWith = (p: Permission) => (hosts ?? []).filter((h) => access.can(p, h.id));
  return {
    ...access,
    hostsWith,
    /** Whether to offer an action at all: on the filtered host, or on some host. */
    offers: (p: Permission) =>
      access.loaded && (filter ? access.can(p, filter) : hostsWith(p).length > 0),
  };
}
