import { describe, expect, it } from 'vitest';

import { auditQuery, EMPTY_AUDIT_FILTERS } from './audit-filters';

describe('auditQuery', () => {
  it('is empty without filters', () => {
    expect(auditQuery(EMPTY_AUDIT_FILTERS)).toBe('');
  });

  it('keeps set filters, turns local times into ISO and adds paging and format', () => {
    const q = auditQuery(
      { ...EMPTY_AUDIT_FILTERS, actor: ' alice ', result: 'denied', from: '2026-03-01T10:00' },
      { before: 40, limit: 50, format: 'csv' },
    );
    const params = new URLSearchParams(q.slice(1));
    expect(params.get('actor')).toBe('alice');
    expect(params.get('result')).toBe('denied');
    expect(params.get('from')).toBe(new Date('2026-03-01T10:00').toISOString());
    expect(params.get('action')).toBeNull();
    expect([params.get('before'), params.get('limit'), params.get('format')]).toEqual([
      '40',
      '50',
      'csv',
    ]);
  });
});
