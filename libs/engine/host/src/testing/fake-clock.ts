import { Clock } from '../clock';

/** Manual time: `advance(ms)` fires due timers in order. */
export class FakeClock extends Clock {
  private current: number;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 0;
  readonly scheduled: number[] = [];

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    super();
    this.current = start;
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.schedule(ms, resolve));
  }

  schedule(ms: number, fn: () => void): () => void {
    const id = this.nextId++;
    this.scheduled.push(ms);
    this.timers.push({ at: this.current + ms, fn, id });
    return () => {
      this.timers = this.timers.filter((t) => t.id !== id);
    };
  }

  advance(ms: number): void {
    const until = this.current + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= until).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t.id !== due.id);
      this.current = due.at;
      due.fn();
    }
    this.current = until;
  }
}
