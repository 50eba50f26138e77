import { describe, expect, it } from 'vitest';

import { formatBytes, relativeTime } from './format';

describe('format helpers', () => {
  it('formats memory sizes in binary units', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(24 * 1024 ** 3)).toBe('24 GiB');
    expect(formatBytes(1536)).toBe('1.5 KiB');
  });
  it('says how long ago a host was seen', () => {
    const now = Date.parse('2026-01-01T12:00:00Z');
    expect(relativeTime(null, now)).toBe('never');
    expect(relativeTime('2026-01-01T11:59:58Z', now)).toBe('just now');
    expect(relativeTime('2026-01-01T11:59:48Z', now)).toBe('12 s ago');
    expect(relativeTime('2026-01-01T09:00:00Z', now)).toBe('3 h ago');
    expect(relativeTime('2026-01-01T11:50:00Z', now)).toBe('10 min ago');
  });
});
