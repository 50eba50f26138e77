import type { Digest } from './content-store';

/**
 * Blobs and layers that an operation under way counts on although no image references them yet
 * (a pull between its first extracted layer and its image record). Garbage collection keeps
 * them, as containerd's leases make it, and runs exclusive of the moment a pull decides which
 * layers it already has, so a layer found present cannot be collected before it is held.
 */
export class Leases {
  private readonly held = new Map<Digest, number>();
  private queue: Promise<unknown> = Promise.resolve();

  /** Holds `digests` (blobs or chain IDs) until the returned release runs; releasing twice is a no-op. */
  hold(digests: Digest[]): () => void {
    for (const digest of digests) this.held.set(digest, (this.held.get(digest) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      for (const digest of digests) {
        const count = (this.held.get(digest) ?? 1) - 1;
        if (count > 0) this.held.set(digest, count);
        else this.held.delete(digest);
      }
    };
  }

  isHeld(digest: Digest): boolean {
    return this.held.has(digest);
  }

  /** Runs `work` after every earlier exclusive work has settled; never nest two. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
