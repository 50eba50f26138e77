/**
 * nftables, restricted to the tables the engine owns. `replaceTable` swaps a whole table in one
 * transaction, so packets see either the old rules or the new ones, never a mix.
 */
export abstract class Firewall {
  /** Replaces (or creates) `table <family> <name>` with the given body in one transaction. */
  abstract replaceTable(
    family: 'ip' | 'inet' | 'bridge',
    name: string,
    body: string,
  ): Promise<void>;
  /** Deletes the table; a missing one is not an error. */
  abstract deleteTable(family: 'ip' | 'inet' | 'bridge', name: string): Promise<void>;
  /** The table as nft lists it, or undefined when it does not exist. */
  abstract listTable(family: 'ip' | 'inet' | 'bridge', name: string): Promise<string | undefined>;
}
