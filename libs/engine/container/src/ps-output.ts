import { AppError } from '@wharf/errors';

import type { TopResult } from './container-types';

/**
 * Keeps the `ps` rows whose PID column is one of `pids`. The last column (the command) may contain
 * spaces, so each row is split into exactly as many fields as there are titles.
 */
export function filterPsOutput(output: string, pids: Set<string>): TopResult {
  const [header = '', ...rows] = output.split('\n').filter((line) => line.trim() !== '');
  const titles = header.trim().split(/\s+/);
  const pidColumn = titles.indexOf('PID');
  if (pidColumn < 0)
    throw new AppError('InvalidArgument', 'NO_PID_COLUMN', `Couldn't find PID field in ps output`);
  const processes = rows
    .map((row) => {
      const fields = row.trim().split(/\s+/);
      return [...fields.slice(0, titles.length - 1), fields.slice(titles.length - 1).join(' ')];
    })
    .filter((fields) => pids.has(fields[pidColumn] ?? ''));
  return { Titles: titles, Processes: processes };
}
