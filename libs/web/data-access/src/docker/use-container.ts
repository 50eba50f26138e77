'use client';

import type { InventoryChange } from '@wharf/contracts';
import { useCallback, useEffect, useRef, useState } from 'react';

import { useUiSocket } from '../ui-socket-context';
import type { ContainerInspect } from './container-inspect';
import { dockerApi, errorMessage } from './docker-relay';

export interface LiveContainer {
  container: ContainerInspect | undefined;
  error: string | undefined;
  /** True once a push said the container is gone (removed on the host). */
  removed: boolean;
  reload(): Promise<void>;
}

/**
 * One container's inspect answer through the relay, fetched again whenever an
 * `inventory.changed` push names it (start, stop, rename…) and on every socket reconnect.
 */
export function useContainer(host: string, id: string): LiveContainer {
  const { socket } = useUiSocket();
  const [container, setContainer] = useState<ContainerInspect>();
  const [error, setError] = useState<string>();
  const [removed, setRemoved] = useState(false);
  const fullId = useRef<string>(undefined);

  const reload = useCallback(
    () =>
      dockerApi<ContainerInspect>(host, `/containers/${encodeURIComponent(id)}/json`).then(
        (c) => {
          fullId.current = c.Id;
          setContainer(c);
          setError(undefined);
        },
        (e: unknown) => setError(errorMessage(e)),
      ),
    [host, id],
  );

  useEffect(() => {
    if (!socket) return undefined;
    void reload();
    const onChange = (change: InventoryChange) => {
      if (change.kind !== 'container' || change.hostId !== host) return;
      if (change.id !== fullId.current && change.id !== id) return;
      if (change.item === null) setRemoved(true);
      else void reload();
    };
    const onConnect = () => void reload();
    socket.on('inventory.changed', onChange);
    socket.on('connect', onConnect);
    return () => {
      socket.off('inventory.changed', onChange);
      socket.off('connect', onConnect);
    };
  }, [socket, host, id, reload]);

  return { container, error, removed, reload };
}
