/**
 * nftables, restricted to the tables the engine owns. `apply` runs one nft script as a single kernel
 * transaction: packets see the old rules or the new ones, never a mix, and a failed script changes
 * nothing.
 */
export abstract class Firewall {
  abstract apply(script: string): Promise<void>;
  /** Deletes the table; a missing one is not an error. */
  abstract deleteTable(family: 'ip' | 'inet' | 'bridge', name: string): Promise<void>;
  /** The table as nft lists it, or undefined when it does not exist. */
  abstract listTable(family: 'ip' | 'inet' | 'bridge', name: string): Promise<string | undefined>;
}
