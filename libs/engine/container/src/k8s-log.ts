import { open, stat } from 'node:fs/promises';

import type { LogEntry, LogOptions } from './container-types';

/**
 * Parses conmon's k8s-file lines: `<RFC3339Nano> stdout|stderr F|P <text>`. `P` marks a partial line
 * (conmon splits long lines); it is joined with what follows until an `F`.
 */
export function parseK8sLog(text: string): LogEntry[] {
  const entries: LogEntry[] = [];
  const pending: Partial<Record<'stdout' | 'stderr', { time: Date; parts: string[] }>> = {};
  for (const line of text.split('\n')) {
    const m = /^(\S+) (stdout|stderr) ([FP]) ?([^\n]*)$/.exec(line);
    if (!m) continue;
    const [, ts = '', stream = 'stdout', tag, body = ''] = m;
    const s = stream as 'stdout' | 'stderr';
    const open = pending[s] ?? { time: new Date(ts), parts: [] };
    open.parts.push(body);
    if (tag === 'P') {
      pending[s] = open;
      continue;
    }
    delete pending[s];
    entries.push({ stream: s, time: open.time, data: Buffer.from(`${open.parts.join('')}\n`) });
  }
  return entries;
}

/** Applies Docker's stdout/stderr/since/until/tail selection to parsed entries. */
export function selectLogs(entries: LogEntry[], options: LogOptions): LogEntry[] {
  const wantOut = options.stdout ?? true;
  const wantErr = options.stderr ?? true;
  const since = options.since ? options.since * 1000 : 0;
  const until = options.until ? options.until * 1000 : 0;
  const picked = entries.filter((e) => {
    if (e.stream === 'stdout' ? !wantOut : !wantErr) return false;
    const t = e.time.getTime();
    return (!since || t >= since) && (!until || t <= until);
  });
  if (options.tail === undefined || options.tail === 'all' || options.tail < 0) return picked;
  return options.tail === 0 ? [] : picked.slice(-options.tail);
}

/** Reads complete lines from offset; a trailing partial line is left for the next read. */
export async function readLog(
  path: string,
  offset: number,
): Promise<{ text: string; next: number }> {
  let size: number;
  try {
    size = (await stat(path)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: '', next: offset };
    throw error;
  }
  if (size <= offset) return { text: '', next: offset };
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    await handle.read(buf, 0, buf.length, offset);
    const end = buf.lastIndexOf(0x0a);
    if (end < 0) return { text: '', next: offset };
    return { text: buf.subarray(0, end + 1).toString(), next: offset + end + 1 };
  } finally {
    await handle.close();
  }
}
