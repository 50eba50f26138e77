/** One recorded call on a fake port. */
export interface RecordedCall {
  op: string;
  args: unknown[];
}

/** Call log and error injection shared by the fakes (containerd's FakeOS idiom). */
export class CallRecorder {
  readonly calls: RecordedCall[] = [];
  private readonly errors = new Map<string, Error>();

  /** The next call to `op` throws `error` (once). */
  injectError(op: string, error: Error): void {
    this.errors.set(op, error);
  }

  record(op: string, ...args: unknown[]): void {
    this.calls.push({ op, args });
    const error = this.errors.get(op);
    if (error) {
      this.errors.delete(op);
      throw error;
    }
  }

  /** `record` for promise-returning fakes: an injected error becomes a rejection. */
  async recordAsync(op: string, ...args: unknown[]): Promise<void> {
    await Promise.resolve();
    this.record(op, ...args);
  }

  callsOf(op: string): unknown[][] {
    return this.calls.filter((c) => c.op === op).map((c) => c.args);
  }
}
