import { AppError } from '@wharf/errors';

import type { ImageEntry } from './image-store';
import { familiarTags } from './image-views';

export const IMAGE_FILTER_KEYS = ['dangling', 'label', 'before', 'since', 'reference', 'until'];

/** Glob match (`*`, `?`) like Docker's `reference` filter on `name[:tag]`. */
function globMatches(pattern: string, value: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '[^/]*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(value);
}

function referenceMatches(patterns: string[], tags: string[]): boolean {
  return familiarTags(tags).some((tag) =>
    patterns.some(
      (p) =>
        globMatches(p, tag) ||
        (!p.includes(':') && globMatches(p, tag.slice(0, tag.lastIndexOf(':')))),
    ),
  );
}

function labelsMatch(wanted: string[], labels: Record<string, string>): boolean {
  return wanted.every((w) => {
    const [key = '', value] = w.split('=', 2);
    return value === undefined ? key in labels : labels[key] === value;
  });
}

function created(image: ImageEntry): number {
  return Date.parse(image.config.created ?? image.storedAt);
}

/**
 * Docker's image filters. `before`/`since` name an image (resolved by the caller through `lookup`);
 * values of one key are OR-ed, keys AND-ed.
 */
export function imageMatches(
  image: ImageEntry,
  tags: string[],
  filters: Record<string, string[]>,
  lookup: (ref: string) => ImageEntry,
): boolean {
  const dangling = filters['dangling']?.[0];
  if (dangling !== undefined) {
    if (!['true', 'false', '1', '0'].includes(dangling))
      throw new AppError('InvalidArgument', 'BAD_FILTERS', `Invalid filter 'dangling=${dangling}'`);
    if ((tags.length === 0) !== (dangling === 'true' || dangling === '1')) return false;
  }
  if (filters['label']?.length && !labelsMatch(filters['label'], image.config.config?.Labels ?? {}))
    return false;
  if (filters['reference']?.length && !referenceMatches(filters['reference'], tags)) return false;
  for (const ref of filters['before'] ?? [])
    if (created(image) >= created(lookup(ref))) return false;
  for (const ref of filters['since'] ?? [])
    if (created(image) <= created(lookup(ref))) return false;
  return true;
}
