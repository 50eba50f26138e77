import { AppError } from '@wharf/errors';

/**
 * Parses Docker's `since`/`until` values into nanoseconds since the epoch: `seconds[.nanos]` as the CLI
 * sends after resolving durations, or an RFC 3339 date. Absent → undefined.
 */
export function parseTimestampNanos(value: string | null): number | undefined {
  if (value === null || value === '') return undefined;
  const unix = /^(-?\d+)(?:\.(\d{1,9}))?$/.exec(value);
  if (unix) {
    const nanos = (unix[2] ?? '').padEnd(9, '0');
    return Number(unix[1]) * 1e9 + Number(nanos);
  }
  const date = Date.parse(value);
  if (Number.isNaN(date))
    throw new AppError('InvalidArgument', 'BAD_TIME', `invalid timestamp: ${value}`);
  return date * 1e6;
}
