/**
 * Iterates `source` until it ends or `closed` resolves (the client went away), then tells the
 * source to stop (its `finally` blocks run), so a silent follow stream does not poll forever.
 */
export async function* untilClosed<T>(
  source: AsyncIterable<T>,
  closed: Promise<void>,
): AsyncGenerator<T> {
  const iterator = source[Symbol.asyncIterator]();
  const stop = closed.then(() => ({ done: true as const, value: undefined }));
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), stop]);
      if (next.done) return;
      yield next.value;
    }
  } finally {
    void iterator.return?.();
  }
}
