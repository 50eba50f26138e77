'use client';

import type { InventoryChange, InventoryItem, InventoryPage } from '@wharf/contracts';
import { useEffect, useState } from 'react';

import { apiFetch } from './api-client';
import { useUiSocket } from './ui-socket-context';

export type InventoryKind = InventoryChange['kind'];

export interface LiveInventory {
  items: InventoryItem[] | undefined;
  error: string | undefined;
}

const PATH: Record<InventoryKind, string> = {
  container: '/containers',
  image: '/images',
  volume: '/volumes',
  network: '/networks',
};
const PAGE_SIZE = 500;

export const inventoryKey = (item: { hostId: string; id: string }): string =>
  `${item.hostId}/${item.id}`;

/** Every page of an all-hosts list (the server caps a page at 500 rows). */
async function loadAll(kind: InventoryKind, host: string | undefined): Promise<InventoryItem[]> {
  const items: InventoryItem[] = [];
  for (let page = 1; ; page += 1) {
    const query = new URLSearchParams({ page: String(page), pageSize: String(PAGE_SIZE) });
    if (host) query.set('host', host);
    const result = await apiFetch<InventoryPage>(`${PATH[kind]}?${query.toString()}`);
    items.push(...result.items);
    if (result.items.length < PAGE_SIZE || items.length >= result.total) return items;
  }
}

/** Applies one pushed change: the item replaced in place, added, or dropped when it is gone. */
export function applyChange(items: InventoryItem[], change: InventoryChange): InventoryItem[] {
  const key = inventoryKey(change);
  const at = items.findIndex((i) => inventoryKey(i) === key);
  if (change.item === null) return at < 0 ? items : items.filter((_, n) => n !== at);
  if (at < 0) return [...items, change.item];
  const next = items.slice();
  next[at] = change.item;
  return next;
}

/**
 * One kind of object across all hosts (or one host), from the server's state and kept live by
 * `inventory.changed` pushes. Reloaded on (re)connect and when a host resynchronizes, because
 * pushes sent while the socket was down are lost.
 */
export function useLiveInventory(kind: InventoryKind, host?: string): LiveInventory {
  const { socket } = useUiSocket();
  const [items, setItems] = useState<InventoryItem[]>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!socket) return undefined;
    let cancelled = false;
    // Loads overlap (mount, connect, a host's resync). Only the newest one's answer is used, and
    // the changes pushed while it was in flight are applied on top of it: the answer may have been
    // read before them, and an older answer arriving last must not undo them.
    let newest = 0;
    /** Changes pushed since the newest load started; undefined when no load is in flight. */
    let pushedMeanwhile: InventoryChange[] | undefined;
    const load = () => {
      const generation = ++newest;
      pushedMeanwhile = [];
      return loadAll(kind, host).then(
        (list) => {
          if (cancelled || generation !== newest) return;
          setItems((pushedMeanwhile ?? []).reduce(applyChange, list));
          pushedMeanwhile = undefined;
          setError(undefined);
        },
        (e: unknown) => {
          if (cancelled || generation !== newest) return;
          pushedMeanwhile = undefined;
          setError(e instanceof Error ? e.message : String(e));
        },
      );
    };
    void load();
    const onChange = (change: InventoryChange) => {
      if (change.kind !== kind || (host !== undefined && change.hostId !== host)) return;
      pushedMeanwhile?.push(change);
      setItems((list) => (list === undefined ? list : applyChange(list, change)));
    };
    const onSynced = ({ hostId }: { hostId: string }) => {
      if (host === undefined || hostId === host) void load();
    };
    const onConnect = () => void load();
    socket.on('inventory.changed', onChange);
    socket.on('host.synced', onSynced);
    socket.on('connect', onConnect);
    return () => {
      cancelled = true;
      socket.off('inventory.changed', onChange);
      socket.off('host.synced', onSynced);
      socket.off('connect', onConnect);
    };
  }, [socket, kind, host]);
  return { items, error };
}
