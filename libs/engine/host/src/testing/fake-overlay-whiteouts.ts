import { join } from 'node:path';

import { OverlayWhiteouts } from '../overlay-whiteouts';
import { CallRecorder } from './fake-calls';

/** Remembers whiteouts and opaque dirs in memory; records calls; supports injectError. */
export class FakeOverlayWhiteouts extends OverlayWhiteouts {
  readonly recorder = new CallRecorder();
  private readonly whiteouts = new Set<string>();
  private readonly opaques = new Set<string>();

  whiteout(dir: string, name: string): Promise<void> {
    this.recorder.record('whiteout', dir, name);
    this.whiteouts.add(join(dir, name));
    return Promise.resolve();
  }

  opaque(dir: string): Promise<void> {
    this.recorder.record('opaque', dir);
    this.opaques.add(dir);
    return Promise.resolve();
  }

  isWhiteout(path: string): Promise<boolean> {
    return Promise.resolve(this.whiteouts.has(path));
  }

  isOpaque(dir: string): Promise<boolean> {
    return Promise.resolve(this.opaques.has(dir));
  }
}
