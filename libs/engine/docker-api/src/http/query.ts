import { AppError } from '@wharf/errors';

/** Docker's boolean query values: `1`, `true`, `True`; absent means the default. */
export function boolParam(query: URLSearchParams, name: string, fallback = false): boolean {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  return !['0', 'false', 'False', 'FALSE', 'no'].includes(value);
}

/** An integer query value, or the fallback when absent; garbage is a 400 as in Docker. */
export function intParam(
  query: URLSearchParams,
  name: string,
  fallback?: number,
): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isFinite(parsed)) {
    throw new AppError('InvalidArgument', 'BAD_QUERY', `invalid value for ${name}: ${value}`);
  }
  return Math.trunc(parsed);
}

/**
 * Parses Docker's `filters` query: JSON `map[string][]string`, or the legacy
 * `map[string]map[string]bool` form older clients send. Unknown keys are refused when `allowed` is given.
 */
export function filtersParam(
  query: URLSearchParams,
  allowed?: readonly string[],
): Record<string, string[]> {
  const raw = query.get('filters');
  if (raw === null || raw === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new AppError('InvalidArgument', 'BAD_FILTERS', `invalid filter: ${raw}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new AppError('InvalidArgument', 'BAD_FILTERS', `invalid filter: ${raw}`);
  }
  const result: Record<string, string[]> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (allowed && !allowed.includes(key)) {
      throw new AppError('InvalidArgument', 'BAD_FILTERS', `invalid filter '${key}'`);
    }
    result[key] = filterValues(key, value);
  }
  return result;
}

function filterValues(key: string, value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (value !== null && typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .filter(([, on]) => on === true)
      .map(([name]) => name);
  }
  throw new AppError('InvalidArgument', 'BAD_FILTERS', `invalid filter '${key}'`);
}
