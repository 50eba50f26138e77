import type { AuditResult } from '@wharf/contracts';

/** The audit page's filter form; empty strings mean "any". */
export interface AuditFilters {
  actor: string;
  action: string;
  hostId: string;
  result: AuditResult | '';
  /** `datetime-local` values (the browser's local time). */
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTERS: AuditFilters = {
  actor: '',
  action: '',
  hostId: '',
  result: '',
  from: '',
  to: '',
};

/** The query string of `GET /audit` (and its export) for these filters and paging. */
export function auditQuery(
  filters: AuditFilters,
  extra: { before?: number; limit?: number; format?: 'csv' | 'json' } = {},
): string {
  const params = new URLSearchParams();
  for (const key of ['actor', 'action', 'hostId', 'result'] as const) {
    const value = filters[key].trim();
    if (value !== '') params.set(key, value);
  }
  for (const key of ['from', 'to'] as const) {
    const value = filters[key];
    if (value !== '' && !Number.isNaN(Date.parse(value)))
      params.set(key, new Date(value).toISOString());
  }
  if (extra.before !== undefined) params.set('before', String(extra.before));
  if (extra.limit !== undefined) params.set('limit', String(extra.limit));
  if (extra.format !== undefined) params.set('format', extra.format);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
