'use client';

import type { Host } from '@wharf/contracts';
import { useEffect, useState } from 'react';

import { apiFetch } from './api-client';
import { useUiSocket } from './ui-socket-context';

export interface LiveHosts {
  hosts: Host[] | undefined;
  error: string | undefined;
}

function upsert(list: Host[] | undefined, host: Host): Host[] {
  return [...(list ?? []).filter((h) => h.id !== host.id), host];
}

/**
 * Hosts from the REST API, kept live by `host.updated` / `host.removed` pushes. The list is
 * fetched again on every (re)connect because pushes sent while disconnected are lost.
 */
export function useLiveHosts(): LiveHosts {
  const { socket } = useUiSocket();
  const [hosts, setHosts] = useState<Host[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    const load = () =>
      apiFetch<Host[]>('/hosts').then(
        (list) => {
          setHosts(list);
          setError(undefined);
        },
        (e: unknown) => setError(e instanceof Error ? e.message : String(e)),
      );
    // Child effects run before the provider's: wait for its socket rather than fetching twice.
    if (!socket) return undefined;
    void load();
    const onConnect = () => void load();
    const onUpdated = (host: Host) => setHosts((list) => upsert(list, host));
    const onRemoved = ({ id }: { id: string }) =>
      setHosts((list) => (list ?? []).filter((h) => h.id !== id));
    socket.on('connect', onConnect);
    socket.on('host.updated', onUpdated);
    socket.on('host.removed', onRemoved);
    return () => {
      socket.off('connect', onConnect);
      socket.off('host.updated', onUpdated);
      socket.off('host.removed', onRemoved);
    };
  }, [socket]);
  return { hosts, error };
}
