import { AppError } from '@wharf/errors';

import type { Volume } from './volume-service';

export const VOLUME_FILTER_KEYS = ['dangling', 'name', 'label', 'driver', 'all'];

function labelsMatch(wanted: string[], labels: Record<string, string>): boolean {
  return wanted.every((w) => {
    const [key = '', value] = w.split('=', 2);
    return value === undefined ? key in labels : labels[key] === value;
  });
}

/** Docker's volume filters: `dangling` (unused), `name` (substring), `label`, `driver`. */
export function volumeMatches(
  volume: Volume,
  inUse: boolean,
  filters: Record<string, string[]>,
): boolean {
  const dangling = filters['dangling']?.[0];
  if (dangling !== undefined) {
    if (!['true', 'false', '1', '0'].includes(dangling))
      throw new AppError('InvalidArgument', 'BAD_FILTERS', `invalid filter 'dangling=${dangling}'`);
    if (inUse === (dangling === 'true' || dangling === '1')) return false;
  }
  if (filters['name']?.length && !filters['name'].some((n) => volume.Name.includes(n)))
    return false;
  if (filters['driver']?.length && !filters['driver'].includes(volume.Driver)) return false;
  return !(filters['label']?.length && !labelsMatch(filters['label'], volume.Labels));
}
