import { type StateEventBatch, type SyncPosition } from '@wharf/contracts';

type Reply<T> = ({ ok: true } & T) | { ok: false; error: string };
import { type Logger } from '@wharf/util';

import { type LinkSocket } from './link-socket';
import { type StateTracker } from './state-tracker';

const ACK_TIMEOUT_MS = 60_000;

/**
 * Sends the tracker's stream to the server: a snapshot when the server asks for one, then numbered
 * event batches, one in flight at a time, each acknowledged with the last sequence number applied.
 */
export class StateReporter {
  private socket: LinkSocket | undefined;
  private synced = false;
  private sending = false;
  private acked = 0;

  constructor(
    private readonly tracker: StateTracker,
    private readonly logger: Logger,
  ) {
    tracker.onChange = () => this.flush();
  }

  /** After `agent.hello`: resume after the server's position, or start over with a snapshot. */
  connected(socket: LinkSocket, position: SyncPosition): void {
    this.socket = socket;
    this.sending = false;
    if (position.resumeAfter === null) {
      void this.sendSnapshot();
      return;
    }
    this.acked = position.resumeAfter;
    this.tracker.acknowledge(this.acked);
    this.synced = true;
    this.flush();
  }

  disconnected(): void {
    this.socket = undefined;
    this.synced = false;
    this.sending = false;
  }

  async sendSnapshot(): Promise<void> {
    const socket = this.socket;
    if (socket === undefined) return;
    this.synced = false;
    this.sending = true;
    try {
      const snapshot = await this.tracker.snapshot();
      const reply = (await socket
        .timeout(ACK_TIMEOUT_MS)
        .emitWithAck('agent.snapshot', snapshot)) as Reply<{ ackedSeq: number }>;
      if (!reply.ok) throw new Error(reply.error);
      this.acked = reply.ackedSeq;
      this.synced = true;
      this.logger.info(
        { seq: reply.ackedSeq, containers: snapshot.containers.length },
        'state snapshot sent',
      );
    } catch (error) {
      this.logger.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'state snapshot not accepted',
      );
    } finally {
      this.sending = false;
    }
    this.flush();
  }

  flush(): void {
    const socket = this.socket;
    if (socket === undefined || !this.synced || this.sending) return;
    const events = this.tracker.eventsAfter(this.acked);
    if (events === undefined) {
      void this.sendSnapshot();
      return;
    }
    if (events.length === 0) return;
    this.sending = true;
    const batch: StateEventBatch = { epoch: this.tracker.epoch, events };
    socket
      .timeout(ACK_TIMEOUT_MS)
      .emitWithAck('agent.events', batch)
      .then((raw) => {
        const reply = raw as Reply<{ ackedSeq: number } & SyncPosition>;
        this.sending = false;
        if (!reply.ok) throw new Error(reply.error);
        if (reply.resumeAfter === null) return this.sendSnapshot();
        this.acked = reply.ackedSeq;
        this.tracker.acknowledge(reply.ackedSeq);
        this.flush();
        return undefined;
      })
      .catch((error: unknown) => {
        this.sending = false;
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'state events not acknowledged',
        );
      });
  }
}
