import { type ObjectKind } from '@wharf/contracts';
import { type Logger } from '@wharf/util';

import { type EngineClient } from './engine-client';
import { type StateTracker } from './state-tracker';

const KINDS = new Set<string>(['container', 'image', 'volume', 'network']);

interface EngineEvent {
  Type?: string;
  Action?: string;
  Actor?: { ID?: string };
}

/**
 * Follows the local engine's `/events` and lets the tracker re-read what each event touched. When
 * the feed breaks (engine restart), it reconnects and rescans everything, since events may have been
 * missed meanwhile.
 */
export class EngineWatch {
  private abort = new AbortController();
  private stopped = false;

  constructor(
    private readonly engine: EngineClient,
    private readonly tracker: StateTracker,
    private readonly logger: Logger,
  ) {}

  start(): void {
    void this.loop();
  }

  stop(): void {
    this.stopped = true;
    this.abort.abort();
  }

  private async loop(): Promise<void> {
    let first = true;
    while (!this.stopped) {
      try {
        if (!first) await this.tracker.refresh();
        first = false;
        await this.follow();
      } catch (error) {
        if (this.stopped) return;
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error) },
          'engine event feed broke; reconnecting',
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 2000).unref());
    }
  }

  private async follow(): Promise<void> {
    this.abort = new AbortController();
    const res = await this.engine.open({ method: 'GET', path: '/events' }, this.abort.signal);
    let pending = '';
    for await (const chunk of res as AsyncIterable<Buffer>) {
      pending += chunk.toString('utf8');
      let newline = pending.indexOf('\n');
      while (newline >= 0) {
        this.dispatch(pending.slice(0, newline));
        pending = pending.slice(newline + 1);
        newline = pending.indexOf('\n');
      }
    }
  }

  private dispatch(line: string): void {
    if (line.trim() === '') return;
    const event = JSON.parse(line) as EngineEvent;
    if (event.Type === undefined || !KINDS.has(event.Type)) return;
    const kind = event.Type as ObjectKind;
    const id = kind === 'container' ? event.Actor?.ID : undefined;
    this.tracker
      .refresh(kind, id, event.Action ?? '')
      .catch((error: unknown) =>
        this.logger.warn(
          { err: error instanceof Error ? error.message : String(error), kind },
          'engine refresh failed',
        ),
      );
  }
}
