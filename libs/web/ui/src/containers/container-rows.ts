import type { Host, InventoryItem } from '@wharf/contracts';

/** What the containers table shows per row, derived once per item (see `toRows`). */
export interface ContainerRow {
  key: string;
  item: InventoryItem;
  hostName: string;
  /** Where the host's published ports answer: its reported hostname, else its name. */
  hostAddress: string;
  /** `healthy`, `unhealthy`, `starting` or '' (no healthcheck), from Docker's status line. */
  health: string;
  /** The exit code of a container that stopped ("Exited (137) …"), else undefined. */
  exitCode: number | undefined;
  owner: string;
  /** Lower-cased text the search box matches: name, image, host, id, owner. */
  haystack: string;
  /** Sort keys of the text columns, computed once (see `naturalKey`). */
  sortKeys: { name: string; host: string; image: string };
}

export type SortKey = 'name' | 'host' | 'image' | 'state' | 'uptime' | 'created';
export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

export interface RowFilter {
  host: string;
  state: string;
  search: string;
}

const OWNER_USER = 'wharf.owner.user';
const OWNER_TEAM = 'wharf.owner.team';

export function healthOf(status: string | undefined): string {
  const match = /\((healthy|unhealthy|health: starting)\)/.exec(status ?? '');
  return match?.[1] === 'health: starting' ? 'starting' : (match?.[1] ?? '');
}

export function exitCodeOf(status: string | undefined): number | undefined {
  const match = /^(?:Exited|Restarting) \((-?\d+)\)/.exec(status ?? '');
  return match ? Number(match[1]) : undefined;
}

/** User and team ids → their names, for the owner column (what the viewer may look up). */
export type OwnerNames = ReadonlyMap<string, string>;
const NO_NAMES: OwnerNames = new Map();

/**
 * Who owns it, for people: "you", the owner's name when known ("ann", "team ops"), else a short
 * id ("user 96b61ce1", "team 1c2d3e4f").
 */
export function ownerOf(
  labels: Readonly<Record<string, string>>,
  myUserId?: string,
  names: OwnerNames = NO_NAMES,
): string {
  const user = labels[OWNER_USER];
  if (user !== undefined)
    return user === myUserId ? 'you' : (names.get(user) ?? `user ${user.slice(0, 8)}`);
  const team = labels[OWNER_TEAM];
  return team === undefined ? '' : `team ${names.get(team) ?? team.slice(0, 8)}`;
}

/** "45 s", "12 min", "3 h 5 min", "4 d 2 h": how long a container has been up. */
export function formatUptime(startedAt: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(startedAt)) / 1000));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 === 0 ? `${hours} h` : `${hours} h ${minutes % 60} min`;
  const days = Math.floor(hours / 24);
  return hours % 24 === 0 ? `${days} d` : `${days} d ${hours % 24} h`;
}

/**
 * A key whose plain string order is a case-insensitive natural order ("web-2" before "web-10"):
 * digit runs are left-padded. Sorting by precomputed keys with `<` is several times faster than a
 * collator over five thousand rows, which matters as every pushed change re-sorts.
 */
export function naturalKey(text: string): string {
  return text.toLowerCase().replace(/\d+/g, (digits) => digits.padStart(12, '0'));
}

interface Cached {
  row: ContainerRow;
  hostName: string;
  hostAddress: string;
  me: string | undefined;
  names: OwnerNames;
}
/**
 * Rows by item object: an item the live list did not replace keeps its row (and the table's
 * memoized row component), so one pushed change re-derives one row, not five thousand.
 */
const rowCache = new WeakMap<InventoryItem, Cached>();

function deriveRow(
  item: InventoryItem,
  hostName: string,
  hostAddress: string,
  me: string | undefined,
  names: OwnerNames,
) {
  const owner = ownerOf(item.labels, me, names);
  return {
    key: `${item.hostId}/${item.id}`,
    item,
    hostName,
    hostAddress,
    health: healthOf(item.status),
    exitCode: exitCodeOf(item.status),
    owner,
    haystack: `${item.name} ${item.detail} ${hostName} ${item.id} ${owner}`.toLowerCase(),
    sortKeys: {
      name: naturalKey(item.name),
      host: naturalKey(hostName),
      image: naturalKey(item.detail),
    },
  };
}

export function toRows(
  items: readonly InventoryItem[],
  hosts: readonly Host[],
  myUserId?: string,
  names: OwnerNames = NO_NAMES,
): ContainerRow[] {
  const byId = new Map(hosts.map((h) => [h.id, h]));
  return items.map((item) => {
    const host = byId.get(item.hostId);
    const hostName = host?.name ?? item.hostId;
    const hostAddress = host?.facts?.hostname ?? hostName;
    const cached = rowCache.get(item);
    if (
      cached?.hostName === hostName &&
      cached.hostAddress === hostAddress &&
      cached.me === myUserId &&
      cached.names === names
    )
      return cached.row;
    const row = deriveRow(item, hostName, hostAddress, myUserId, names);
    rowCache.set(item, { row, hostName, hostAddress, me: myUserId, names });
    return row;
  });
}

const VALUE: Record<SortKey, (r: ContainerRow) => string> = {
  name: (r) => r.sortKeys.name,
  host: (r) => r.sortKeys.host,
  image: (r) => r.sortKeys.image,
  state: (r) => r.item.state,
  // Not running (no start time) sorts as the shortest uptime.
  uptime: (r) => r.item.startedAt ?? '9999',
  created: (r) => r.item.createdAt,
};

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** The rows in the chosen order (ties broken by name, then host); a new array. */
export function sortRows(rows: readonly ContainerRow[], order: SortOrder): ContainerRow[] {
  const value = VALUE[order.key];
  // Uptime grows as the start time gets older: ascending uptime is descending start time.
  const sign = (order.descending ? -1 : 1) * (order.key === 'uptime' ? -1 : 1);
  return [...rows].sort(
    (a, b) =>
      sign * compare(value(a), value(b)) ||
      compare(a.sortKeys.name, b.sortKeys.name) ||
      compare(a.sortKeys.host, b.sortKeys.host),
  );
}

/** The rows the filters keep, in their given order. */
export function filterRows(rows: readonly ContainerRow[], filter: RowFilter): ContainerRow[] {
  const needle = filter.search.trim().toLowerCase();
  if (filter.host === '' && filter.state === '' && needle === '') return rows as ContainerRow[];
  return rows.filter(
    (r) =>
      (filter.host === '' || r.item.hostId === filter.host) &&
      (filter.state === '' || r.item.state === filter.state) &&
      (needle === '' || r.haystack.includes(needle)),
  );
}

/** The rows the filters keep, in the chosen order. */
export function selectRows(
  rows: readonly ContainerRow[],
  filter: RowFilter,
  order: SortOrder,
): ContainerRow[] {
  return sortRows(filterRows(rows, filter), order);
}

/** Where a published port answers: the host's address unless it is bound to one address. */
export function portUrl(ip: string | undefined, port: number, hostAddress: string): string {
  const address = ip && ip !== '0.0.0.0' && ip !== '::' ? ip : hostAddress;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
