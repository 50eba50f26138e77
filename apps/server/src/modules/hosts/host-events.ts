import { EventEmitter } from 'node:events';

import { Injectable } from '@nestjs/common';
import { type Host } from '@wharf/contracts';

interface HostEventMap {
  updated: [Host];
  removed: [{ id: string }];
}

/** In-process fan-out of host changes; the UI gateway forwards them to browsers. */
@Injectable()
export class HostEvents extends EventEmitter<HostEventMap> {}
