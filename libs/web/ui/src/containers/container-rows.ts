import type { Host, InventoryItem } from '@wharf/contracts';

/** What the containers table shows per row, derived once per list change. */
export interface ContainerRow {
  key: string;
  item: InventoryItem;
  hostName: string;
  /** `healthy`, `unhealthy`, `starting` or '' (no healthcheck), from Docker's status line. */
  health: string;
  owner: string;
  /** Lower-cased text the search box matches: name, image, host, id. */
  haystack: string;
}

export type SortKey = 'name' | 'host' | 'image' | 'state' | 'created';
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

/** Who owns it, for people: "you", or the owner's short id ("user 96b61ce1", "team 1c2d3e4f"). */
export function ownerOf(labels: Readonly<Record<string, string>>, myUserId?: string): string {
  const user = labels[OWNER_USER];
  if (user !== undefined) return user === myUserId ? 'you' : `user ${user.slice(0, 8)}`;
  const team = labels[OWNER_TEAM];
  return team === undefined ? '' : `team ${team.slice(0, 8)}`;
}

export function toRows(
  items: readonly InventoryItem[],
  hosts: readonly Host[],
  myUserId?: string,
): ContainerRow[] {
  const hostNames = new Map(hosts.map((h) => [h.id, h.name]));
  return items.map((item) => {
    const hostName = hostNames.get(item.hostId) ?? item.hostId;
    const owner = ownerOf(item.labels, myUserId);
    return {
      key: `${item.hostId}/${item.id}`,
      item,
      hostName,
      health: healthOf(item.status),
      owner,
      haystack: `${item.name} ${item.detail} ${hostName} ${item.id}`.toLowerCase(),
    };
  });
}

const VALUE: Record<SortKey, (r: ContainerRow) => string> = {
  name: (r) => r.item.name,
  host: (r) => r.hostName,
  image: (r) => r.item.detail,
  state: (r) => r.item.state,
  created: (r) => r.item.createdAt,
};

/** The rows the filters keep, in the chosen order (ties broken by name, then host). */
export function selectRows(
  rows: readonly ContainerRow[],
  filter: RowFilter,
  order: SortOrder,
): ContainerRow[] {
  const needle = filter.search.trim().toLowerCase();
  const kept = rows.filter(
    (r) =>
      (filter.host === '' || r.item.hostId === filter.host) &&
      (filter.state === '' || r.item.state === filter.state) &&
      (needle === '' || r.haystack.includes(needle)),
  );
  const value = VALUE[order.key];
  const sign = order.descending ? -1 : 1;
  return kept.sort(
    (a, b) =>
      sign * value(a).localeCompare(value(b)) ||
      a.item.name.localeCompare(b.item.name) ||
      a.hostName.localeCompare(b.hostName),
  );
}

/** Where a published port answers: the host's name unless it is bound to one address. */
export function portUrl(ip: string | undefined, port: number, hostName: string): string {
  const address = ip && ip !== '0.0.0.0' && ip !== '::' ? ip : hostName;
  return `http://${address.includes(':') ? `[${address}]` : address}:${port}`;
}
