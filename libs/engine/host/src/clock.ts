/** Time as the engine sees it; the fake lets tests step through backoff without waiting. */
export abstract class Clock {
  abstract now(): Date;
  /** Resolves after ms milliseconds. */
  abstract sleep(ms: number): Promise<void>;
  /** Calls fn after ms; returns a cancel function. */
  abstract schedule(ms: number, fn: () => void): () => void;
}
