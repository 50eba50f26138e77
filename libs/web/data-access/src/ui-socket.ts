import { UI_NAMESPACE, type ServerToUiEvents, type UiToServerEvents } from '@wharf/contracts';
import { io, type Socket } from 'socket.io-client';

export type UiSocket = Socket<ServerToUiEvents, UiToServerEvents>;

/** The browser's live link: websocket transport only, session cookie auth, automatic reconnects. */
export function connectUiSocket(): UiSocket {
  return io(UI_NAMESPACE, {
    transports: ['websocket'],
    withCredentials: true,
    reconnectionDelayMax: 5000,
  });
}
