import { AppError } from '@wharf/errors';

import type { Digest } from './content-store';
import type { ImageService, ImageUser } from './image-service';
import type { ImageEntry } from './image-store';
import { familiarTags } from './image-views';
import { parseReference, tagKey } from './reference';

export type RemovalItem = { Untagged: string } | { Deleted: string };

function short(id: string): string {
  return id.slice(7, 19);
}

/** Whether `reference` names the image by a tag (not by ID). */
function referencedByTag(service: ImageService, reference: string): string | undefined {
  try {
    const parsed = parseReference(reference);
    if (parsed.digest) return undefined;
    const key = tagKey(parsed);
    return service.store.tagTarget(key) === undefined ? undefined : key;
  } catch {
    return undefined;
  }
}

async function deleteIfUnused(
  service: ImageService,
  image: ImageEntry,
  users: ImageUser[],
  out: RemovalItem[],
): Promise<void> {
  if (service.store.tagsOf(image.id).length > 0 || users.length > 0) return;
  if (service.store.all().some((other) => other.parent === image.id)) return;
  await service.store.delete(image.id);
  out.push({ Deleted: image.id });
  await collectGarbage(service);
}

/**
 * Removes layers and blobs no remaining image references and no operation under way holds (a
 * pull's layers before its image record); returns the bytes reclaimed.
 */
export function collectGarbage(service: ImageService): Promise<number> {
  return service.leases.exclusive(async () => {
    const images = service.store.all();
    const liveChains = new Set(images.flatMap((i) => i.chainIds));
    const liveBlobs = new Set(images.flatMap((i) => [i.id, ...i.config.rootfs.diff_ids]));
    const garbage = (digest: Digest, live: Set<Digest>) =>
      !live.has(digest) && !service.leases.isHeld(digest);
    let reclaimed = 0;
    for (const digest of await service.content.list()) {
      const size = await service.content.size(digest).catch(() => 0);
      // Checked after the await: a pull may have taken a lease on it meanwhile.
      if (!garbage(digest, liveBlobs)) continue;
      reclaimed += size;
      await service.content.delete(digest);
    }
    for (const chainId of await service.layers.list())
      if (garbage(chainId, liveChains)) await service.layers.remove(chainId);
    return reclaimed;
  });
}

/**
 * `docker rmi`: by tag, untags (and deletes the image when that was its last tag); by ID, deletes
 * (refused while several repositories reference it, unless forced). Images used by containers are
 * only ever untagged, never deleted.
 */
export async function removeImage(
  service: ImageService,
  reference: string,
  options: { force?: boolean },
): Promise<RemovalItem[]> {
  const image = service.lookup(reference);
  const users = await service.usersOf(image.id);
  const tagKeyUsed = referencedByTag(service, reference);
  const tags = service.store.tagsOf(image.id);
  const out: RemovalItem[] = [];
  if (tagKeyUsed && tags.length > 1) {
    await service.store.removeTag(tagKeyUsed);
    return [{ Untagged: familiarTags([tagKeyUsed])[0] ?? reference }];
  }
  if (users.length > 0 && !options.force) {
    const user = users[0];
    throw tagKeyUsed
      ? new AppError(
          'Conflict',
          'IMAGE_IN_USE',
          `conflict: unable to remove repository reference "${reference}" (must force) - container ${user?.id.slice(0, 12)} is using its referenced image ${short(image.id)}`,
        )
      : new AppError(
          'Conflict',
          'IMAGE_IN_USE',
          `conflict: unable to delete ${short(image.id)} (must be forced) - image is being used by stopped container ${user?.id.slice(0, 12)}`,
        );
  }
  if (!tagKeyUsed && tags.length > 1 && !options.force) {
    throw new AppError(
      'Conflict',
      'IMAGE_MULTI_TAG',
      `conflict: unable to delete ${short(image.id)} (must be forced) - image is referenced in multiple repositories`,
    );
  }
  const running = users.find((u) => u.running);
  if (!tagKeyUsed && running) {
    throw new AppError(
      'Conflict',
      'IMAGE_IN_USE',
      `conflict: unable to delete ${short(image.id)} (cannot be forced) - image is being used by running container ${running.id.slice(0, 12)}`,
    );
  }
  for (const key of tagKeyUsed ? [tagKeyUsed] : tags) {
    await service.store.removeTag(key);
    out.push({ Untagged: familiarTags([key])[0] ?? key });
  }
  await deleteIfUnused(service, image, users, out);
  return out;
}

function pruneCandidate(
  image: ImageEntry,
  tags: string[],
  filters: Record<string, string[]>,
  all: boolean,
): boolean {
  if (!all && tags.length > 0) return false;
  const until = filters['until']?.[0];
  if (
    until !== undefined &&
    Date.parse(image.config.created ?? image.storedAt) >= untilMillis(until)
  )
    return false;
  const labels = image.config.config?.Labels ?? {};
  return (filters['label'] ?? []).every((w) => {
    const [key = '', value] = w.split('=', 2);
    return value === undefined ? key in labels : labels[key] === value;
  });
}

function untilMillis(value: string): number {
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const duration = /^(\d+)(s|m|h)$/.exec(value);
  if (duration)
    return (
      Date.now() -
      Number(duration[1]) * { s: 1e3, m: 6e4, h: 3.6e6 }[duration[2] as 's' | 'm' | 'h']
    );
  const date = Date.parse(value);
  if (Number.isNaN(date))
    throw new AppError('InvalidArgument', 'BAD_FILTERS', `invalid until filter: ${value}`);
  return date;
}

/** `docker image prune [-a]`: dangling images (or all unused with `dangling=false`), never ones in use. */
export async function pruneImages(
  service: ImageService,
  filters: Record<string, string[]>,
): Promise<{ ImagesDeleted: RemovalItem[] | null; SpaceReclaimed: number }> {
  const all = ['false', '0'].includes(filters['dangling']?.[0] ?? '');
  const deleted: RemovalItem[] = [];
  const sizeBefore = service.store.all().reduce((sum, i) => sum + i.size, 0);
  for (const image of service.store.all()) {
    const tags = service.store.tagsOf(image.id);
    if (!pruneCandidate(image, tags, filters, all)) continue;
    if ((await service.usersOf(image.id)).length > 0) continue;
    if (service.store.all().some((other) => other.parent === image.id)) continue;
    for (const key of tags) deleted.push({ Untagged: familiarTags([key])[0] ?? key });
    await service.store.delete(image.id);
    deleted.push({ Deleted: image.id });
  }
  await collectGarbage(service);
  const sizeAfter = service.store.all().reduce((sum, i) => sum + i.size, 0);
  return { ImagesDeleted: deleted.length ? deleted : null, SpaceReclaimed: sizeBefore - sizeAfter };
}
