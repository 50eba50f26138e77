'use client';

import type { Host, HostDetail, InventoryChange } from '@wharf/contracts';
import { apiFetch, useUiSocket } from '@wharf/web-data-access';
import { useEffect, useRef, useState } from 'react';

type Details = Record<string, HostDetail>;

/**
 * Usage and object counts per host (`GET /hosts/:id`), refreshed when a host's status changes or
 * its inventory changes, with CPU and memory kept live by `host.stats` pushes of watched hosts.
 */
export function useHostDetails(hosts: readonly Host[] | undefined): Details {
  const { socket } = useUiSocket();
  const [details, setDetails] = useState<Details>({});
  const seen = useRef(new Map<string, string>());
  const fetchOne = (id: string) =>
    void apiFetch<Host & HostDetail>(`/hosts/${id}`).then(
      ({ counts, usage }) => setDetails((d) => ({ ...d, [id]: { counts, usage } })),
      () => undefined, // the row keeps its dashes; the list itself reports server errors
    );
  useEffect(() => {
    for (const h of hosts ?? []) {
      if (seen.current.get(h.id) === h.status) continue;
      seen.current.set(h.id, h.status);
      fetchOne(h.id);
      socket?.emit('host.subscribe', h.id);
    }
  }, [hosts, socket]);
  useEffect(() => {
    if (!socket) return undefined;
    const onStats = (p: { hostId: string; cpuPercent: number; memoryUsedBytes: number }) =>
      setDetails((d) => {
        const old = d[p.hostId];
        if (!old?.usage) return d;
        const usage = {
          ...old.usage,
          cpuPercent: p.cpuPercent,
          memoryUsedBytes: p.memoryUsedBytes,
        };
        return { ...d, [p.hostId]: { ...old, usage } };
      });
    const onChange = (c: InventoryChange) => fetchOne(c.hostId);
    const onSynced = ({ hostId }: { hostId: string }) => fetchOne(hostId);
    const onConnect = () => seen.current.clear();
    socket.on('host.stats', onStats);
    socket.on('inventory.changed', onChange);
    socket.on('host.synced', onSynced);
    socket.on('connect', onConnect);
    return () => {
      socket.off('host.stats', onStats);
      socket.off('inventory.changed', onChange);
      socket.off('host.synced', onSynced);
      socket.off('connect', onConnect);
    };
  }, [socket]);
  return details;
}
