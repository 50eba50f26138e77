import { Injectable } from '@nestjs/common';
import {
  isPublicResource,
  type StateEventBatch,
  type StateSnapshot,
  type StatsSample,
  type SyncPosition,
} from '@wharf/contracts';
import { PinoLogger } from 'nestjs-pino';

import { FleetEvents } from '../realtime/fleet-events';
import { HostStateRepository } from './host-state.repository';
import {
  OWNER_TEAM_LABEL,
  OWNER_USER_LABEL,
  toInventoryItem,
  toStateRow,
} from './inventory.mapper';

/** The latest stats sample per host, kept in memory only (it is replaced every few seconds). */
export type HostUsage = StatsSample['host'];

/**
 * Keeps the database copy of every host's engine state in step with its agent: a snapshot replaces
 * it, events patch it in sequence order. Work for one host runs one step at a time, so a snapshot
 * and an event batch never interleave.
 */
@Injectable()
export class HostSyncService {
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly usage = new Map<string, HostUsage>();

  constructor(
    private readonly state: HostStateRepository,
    private readonly events: FleetEvents,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(HostSyncService.name);
  }

  private serial<T>(hostId: string, work: () => Promise<T>): Promise<T> {
    const next = (this.chains.get(hostId) ?? Promise.resolve()).then(work, work);
    const settled = next.catch(() => undefined);
    this.chains.set(hostId, settled);
    void settled.then(() => {
      if (this.chains.get(hostId) === settled) this.chains.delete(hostId);
    });
    return next;
  }

  /** Where the agent's stream continues: after our last applied event if we follow its epoch. */
  position(
    hostId: string,
    sync: { epoch: string; seq: number } | undefined,
  ): Promise<SyncPosition> {
    return this.serial(hostId, async () => {
      const stored = await this.state.syncPosition(hostId);
      const follows = sync !== undefined && stored !== null && stored.epoch === sync.epoch;
      return { resumeAfter: follows && stored.seq <= sync.seq ? stored.seq : null };
    });
  }

  applySnapshot(hostId: string, snapshot: StateSnapshot): Promise<number> {
    return this.serial(hostId, async () => {
      await this.state.replace(hostId, snapshot);
      this.logger.info(
        { hostId, seq: snapshot.seq, containers: snapshot.containers.length },
        'host snapshot applied',
      );
      this.events.emit('synced', { hostId });
      return snapshot.seq;
    });
  }

  /**
   * Applies the events that follow the stored sequence number, skips ones already applied, and
   * stops at a gap: the reply then tells the agent where to resume (or to send a snapshot).
   */
  applyEvents(
    hostId: string,
    batch: StateEventBatch,
  ): Promise<{ ackedSeq: number } & SyncPosition> {
    return this.serial(hostId, async () => {
      const stored = await this.state.syncPosition(hostId);
      if (stored === null || stored.epoch !== batch.epoch)
        return { ackedSeq: 0, resumeAfter: null };
      let seq = stored.seq;
      for (const event of batch.events) {
        if (event.seq <= seq) continue;
        if (event.seq !== seq + 1) return { ackedSeq: seq, resumeAfter: seq };
        const row = event.object === null ? null : toStateRow(event.kind, event.object);
        const before = await this.state.patch(hostId, event.kind, event.id, row, event.seq);
        seq = event.seq;
        const labels = row?.labels ?? before ?? {};
        this.events.emit('inventory', {
          hostId,
          kind: event.kind,
          id: event.id,
          action: event.action,
          item: row === null ? null : toInventoryItem(hostId, row),
          ownerUser: labels[OWNER_USER_LABEL] ?? null,
          ownerTeam: labels[OWNER_TEAM_LABEL] ?? null,
          public: isPublicResource(labels),
        });
      }
      return { ackedSeq: seq, resumeAfter: seq };
    });
  }

  recordStats(hostId: string, sample: StatsSample): void {
    this.usage.set(hostId, sample.host);
    this.events.emit('stats', {
      hostId,
      cpuPercent: sample.host.cpuPercent,
      memoryUsedBytes: sample.host.memoryUsedBytes,
    });
  }

  usageOf(hostId: string): HostUsage | null {
    return this.usage.get(hostId) ?? null;
  }

  forget(hostId: string): void {
    this.usage.delete(hostId);
  }
}
