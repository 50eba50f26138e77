'use client';

import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';

import { connectUiSocket, type UiSocket } from './ui-socket';

/** What the top bar shows: pushes arriving, a reconnect under way, or the server unreachable. */
export type LiveConnection = 'connected' | 'connecting' | 'offline';

interface LiveLink {
  socket: UiSocket | undefined;
  connection: LiveConnection;
}

const LiveLinkContext = createContext<LiveLink>({ socket: undefined, connection: 'connecting' });

/** One /ui socket for every signed-in page, so navigating does not drop and redial it. */
export function UiSocketProvider({ children }: { children: ReactNode }) {
  const [link, setLink] = useState<LiveLink>({ socket: undefined, connection: 'connecting' });
  useEffect(() => {
    const socket = connectUiSocket();
    const set = (connection: LiveConnection) => setLink({ socket, connection });
    set('connecting');
    socket.on('connect', () => set('connected'));
    socket.on('disconnect', () => set('connecting'));
    socket.on('connect_error', () => set(socket.active ? 'connecting' : 'offline'));
    socket.io.on('reconnect_failed', () => set('offline'));
    return () => {
      socket.close();
    };
  }, []);
  return <LiveLinkContext.Provider value={link}>{children}</LiveLinkContext.Provider>;
}

export function useUiSocket(): LiveLink {
  return useContext(LiveLinkContext);
}
