import { type Job } from '../jobs/job.schema';
import {
  type ConsoleClosed,
  type ConsoleInput,
  type ConsoleOpenRequest,
  type ConsoleOutput,
  type ConsoleResize,
} from '../operations/console.schema';
import { type Host } from './host.schema';
import { type InventoryItem } from './inventory.schema';

/** Socket.io namespace browsers connect to (session cookie auth). */
export const UI_NAMESPACE = '/ui';

export interface InventoryChange {
  hostId: string;
  kind: 'container' | 'image' | 'volume' | 'network';
  id: string;
  action: string;
  /** The object after the change; null when it is gone. */
  item: InventoryItem | null;
}

/** Events the server pushes to browsers. */
export interface ServerToUiEvents {
  'host.updated': (host: Host) => void;
  'host.removed': (payload: { id: string }) => void;
  /** A host's state was replaced by a snapshot: reload its lists. */
  'host.synced': (payload: { hostId: string }) => void;
  'inventory.changed': (change: InventoryChange) => void;
  'host.stats': (payload: { hostId: string; cpuPercent: number; memoryUsedBytes: number }) => void;
  'job.updated': (job: Job) => void;
  /** Console output; acknowledge each piece, the next one waits for it (a slow browser slows the source). */
  'console.output': (output: ConsoleOutput, ack: () => void) => void;
  'console.closed': (closed: ConsoleClosed) => void;
}

export interface UiToServerEvents {
  /** Join a host's room to receive its inventory changes and stats. */
  'host.subscribe': (hostId: string, ack?: (reply: { ok: boolean }) => void) => void;
  'host.unsubscribe': (hostId: string) => void;
  'console.open': (
    open: ConsoleOpenRequest,
    ack: (
      reply: { ok: true; sessionId: string; tty: boolean } | { ok: false; error: string },
    ) => void,
  ) => void;
  'console.input': (input: ConsoleInput) => void;
  'console.resize': (resize: ConsoleResize) => void;
  'console.close': (close: { sessionId: string }) => void;
}
