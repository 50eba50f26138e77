import { EventEmitter } from 'node:events';

import { Injectable } from '@nestjs/common';
import { type InventoryChange, type Job } from '@wharf/contracts';

interface FleetEventMap {
  /** Owner and visibility as they were or are now (a removal carries the removed object's). */
  inventory: [
    InventoryChange & { ownerUser: string | null; ownerTeam: string | null; public: boolean },
  ];
  synced: [{ hostId: string }];
  stats: [{ hostId: string; cpuPercent: number; memoryUsedBytes: number }];
  job: [Job & { createdById: string }];
}

/** In-process fan-out of fleet state changes; the UI gateway forwards them to the right rooms. */
@Injectable()
export class FleetEvents extends EventEmitter<FleetEventMap> {}
