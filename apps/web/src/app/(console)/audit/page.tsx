'use client';

import { API_PREFIX, type AuditEvent, type AuditPage } from '@wharf/contracts';
import { apiFetch, useAccess, useLiveHosts } from '@wharf/web-data-access';
import {
  auditQuery,
  EMPTY_AUDIT_FILTERS,
  EmptyState,
  ErrorText,
  useAction,
  type AuditFilters,
} from '@wharf/web-ui';
import { useEffect, useState } from 'react';

import { AuditFiltersForm } from './audit-filters-form';
import { AuditTable } from './audit-table';
import { VerifyChain } from './verify-chain';

const PAGE_SIZE = 50;

/** Pages of the filtered log: the first on each filter change, older ones appended on request. */
function useAuditPages(filters: AuditFilters, enabled: boolean) {
  const [events, setEvents] = useState<AuditEvent[]>();
  const [next, setNext] = useState<number | null>(null);
  const action = useAction();
  const load = (before?: number) =>
    action.run(async () => {
      const page = await apiFetch<AuditPage>(
        `/audit${auditQuery(filters, { before, limit: PAGE_SIZE })}`,
      );
      setEvents((list) => (before === undefined ? page.items : [...(list ?? []), ...page.items]));
      setNext(page.nextBefore);
    });
  useEffect(() => {
    if (!enabled) return;
    setEvents(undefined);
    void load();
    // A new filter or permission answer starts over; `load` itself is a fresh closure each render.
  }, [filters, enabled]);
  return { events, next, load, busy: action.busy, error: action.error };
}

/** The audit log: filter, page, export (CSV/JSON downloads) and verify the hash chain. */
export default function AuditLogPage() {
  const access = useAccess();
  const { hosts } = useLiveHosts();
  const [filters, setFilters] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);
  const may = access.can('audit:read');
  const { events, next, load, busy, error } = useAuditPages(filters, access.loaded && may);
  const exportUrl = (format: 'csv' | 'json') =>
    `${API_PREFIX}/audit/export${auditQuery(filters, { format, limit: 1000 })}`;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Audit log</h1>
          <p className="muted page-sub">
            Every action and sign-in, chained by hashes so changes show.
          </p>
        </div>
        {may && (
          <div className="adm-buttons">
            <a className="button" href={exportUrl('csv')} download="audit.csv">
              Export CSV
            </a>
            <a className="button" href={exportUrl('json')} download="audit.json">
              Export JSON
            </a>
            <VerifyChain />
          </div>
        )}
      </div>
      {access.loaded && !may && (
        <EmptyState title="Not allowed">
          <p>Reading the audit log needs the audit:read permission.</p>
        </EmptyState>
      )}
      {may && <AuditFiltersForm hosts={hosts ?? []} onApply={setFilters} />}
      <ErrorText error={error} />
      {may && events === undefined && !error && (
        <p className="muted loading" role="status">
          Loading the audit log…
        </p>
      )}
      {events?.length === 0 && <EmptyState title="No matching events" />}
      {events && events.length > 0 && <AuditTable events={events} hosts={hosts ?? []} />}
      {next !== null && events && (
        <div className="adm-actions adm-more">
          <button type="button" onClick={() => void load(next)} disabled={busy}>
            {busy ? 'Loading…' : 'Older events'}
          </button>
        </div>
      )}
    </>
  );
}
