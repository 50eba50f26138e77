import { type Principal } from '@wharf/contracts';

import { type AccessService } from '../access/access.service';

/** Kinds whose changes browsers receive, each behind its `<kind>:read` permission. */
export const WATCHED_KINDS = ['host', 'container', 'image', 'volume', 'network', 'job'] as const;
export type WatchedKind = (typeof WATCHED_KINDS)[number];

/** Everyone holding `<kind>:read` globally (ownership `any`). */
export const allRoom = (kind: WatchedKind): string => `all:${kind}`;
/** Holders of `<kind>:read` on one host (ownership `any`, or any grant for hosts/images/jobs). */
export const kindHostRoom = (kind: WatchedKind, hostId: string): string => `${kind}:${hostId}`;
/** Browsers that asked for a host's live stats (host.subscribe). */
export const watchRoom = (hostId: string): string => `watch:${hostId}`;
export const userRoom = (id: string): string => `user:${id}`;
/** Holders of an ownership-restricted `<kind>:read` on a host: they also see its public objects. */
export const publicRoom = (kind: WatchedKind, hostId: string): string => `public:${kind}:${hostId}`;
export const teamRoom = (id: string): string => `team:${id}`;

const UNOWNED: ReadonlySet<WatchedKind> = new Set(['host', 'image', 'job']);

/**
 * The rooms a browser joins at connection, from its principal's grants: socket.io then delivers
 * each change only to those allowed to see it (also across replicas, through the Redis adapter).
 * Ownership-restricted holders get the changes of what they or their teams own via user/team rooms.
 */
export async function roomsOf(access: AccessService, principal: Principal): Promise<string[]> {
  const rooms = [userRoom(principal.userId), ...principal.teamIds.map(teamRoom)];
  for (const kind of WATCHED_KINDS) {
    const reach = await access.hostReach(principal, `${kind}:read`);
    if (reach.any === 'all') {
      rooms.push(allRoom(kind));
      continue;
    }
    const hosts = UNOWNED.has(kind) ? [...reach.any, ...reach.own] : reach.any;
    rooms.push(...hosts.map((h) => kindHostRoom(kind, h)));
    if (!UNOWNED.has(kind)) rooms.push(...reach.own.map((h) => publicRoom(kind, h)));
  }
  return rooms;
}
