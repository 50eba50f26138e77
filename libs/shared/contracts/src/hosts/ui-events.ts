import { type Host } from './host.schema';

/** Socket.io namespace browsers connect to (session cookie auth). */
export const UI_NAMESPACE = '/ui';

/** Events the server pushes to browsers. */
export interface ServerToUiEvents {
  'host.updated': (host: Host) => void;
  'host.removed': (payload: { id: string }) => void;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- browsers only listen for now
export interface UiToServerEvents {}
