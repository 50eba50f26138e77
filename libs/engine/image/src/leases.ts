import type { Digest } from './content-store';

/** One operation's hold: digests are added as they become known; release drops them all. */
export interface Lease {
  add(digests: Digest[]): void;
  /** Idempotent. */
  release(): void;
}

/**
 * Blobs and layers that an operation under way counts on although no image references them yet
 * (a pull, import, load or commit between its first blob and its image record). Garbage
 * collection keeps them, as containerd's leases make it, and runs exclusive of the moment a pull
 * decides which layers it already has, so a layer found present cannot be collected before it
 * is held. A digest is added to a lease right after the await that stored it, before any other
 * I/O callback (so before a collection) can run.
 */
export class Leases {
  private readonly held = new Map<Digest, number>();
  private queue: Promise<unknown> = Promise.resolve();

  open(): Lease {
    const mine: Digest[] = [];
    let released = false;
    return {
      add: (digests) => {
        if (released) return;
        for (const digest of digests) this.held.set(digest, (this.held.get(digest) ?? 0) + 1);
        mine.push(...digests);
      },
      release: () => {
        if (released) return;
        released = true;
        for (const digest of mine) this.drop(digest);
      },
    };
  }

  /** Runs `work` with a lease of its own, released when it settles. */
  async during<T>(work: (lease: Lease) => Promise<T>): Promise<T> {
    const lease = this.open();
    try {
      return await work(lease);
    } finally {
      lease.release();
    }
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

  private drop(digest: Digest): void {
    const count = (this.held.get(digest) ?? 1) - 1;
    if (count > 0) this.held.set(digest, count);
    else this.held.delete(digest);
  }
}
