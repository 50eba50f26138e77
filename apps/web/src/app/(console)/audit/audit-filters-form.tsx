'use client';

import type { Host } from '@wharf/contracts';
import { EMPTY_AUDIT_FILTERS, TextField, type AuditFilters } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

function HostAndResult({
  f,
  set,
  hosts,
}: {
  f: AuditFilters;
  set: (key: keyof AuditFilters) => (value: string) => void;
  hosts: readonly Host[];
}) {
  return (
    <>
      <span className="adm-field">
        <label htmlFor="audit-host">Host</label>
        <select id="audit-host" value={f.hostId} onChange={(e) => set('hostId')(e.target.value)}>
          <option value="">Any host</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </span>
      <span className="adm-field">
        <label htmlFor="audit-result">Result</label>
        <select id="audit-result" value={f.result} onChange={(e) => set('result')(e.target.value)}>
          <option value="">Any result</option>
          <option value="success">success</option>
          <option value="failure">failure</option>
          <option value="denied">denied</option>
        </select>
      </span>
    </>
  );
}

function FilterButtons({ onClear }: { onClear: () => void }) {
  return (
    <div className="adm-actions">
      <button type="submit" className="primary">
        Apply filters
      </button>
      <button type="button" className="ghost" onClick={onClear}>
        Clear
      </button>
    </div>
  );
}

/** The filters the audit API supports; applied on submit so typing does not query each key. */
export function AuditFiltersForm({
  hosts,
  onApply,
}: {
  hosts: readonly Host[];
  onApply: (f: AuditFilters) => void;
}) {
  const [f, setF] = useState<AuditFilters>(EMPTY_AUDIT_FILTERS);
  const set = (key: keyof AuditFilters) => (value: string) => setF({ ...f, [key]: value });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f);
  };
  return (
    <form
      className="card adm-card adm-form adm-filters"
      onSubmit={submit}
      aria-label="Audit filters"
    >
      <div className="adm-row">
        <TextField
          id="audit-actor"
          label="User"
          value={f.actor}
          onChange={set('actor')}
          placeholder="username"
        />
        <TextField
          id="audit-action"
          label="Action"
          value={f.action}
          onChange={set('action')}
          placeholder="e.g. user.create"
        />
        <HostAndResult f={f} set={set} hosts={hosts} />
        <TextField
          id="audit-from"
          label="From"
          type="datetime-local"
          value={f.from}
          onChange={set('from')}
        />
        <TextField
          id="audit-to"
          label="To"
          type="datetime-local"
          value={f.to}
          onChange={set('to')}
        />
      </div>
      <FilterButtons
        onClear={() => {
          setF(EMPTY_AUDIT_FILTERS);
          onApply(EMPTY_AUDIT_FILTERS);
        }}
      />
    </form>
  );
}
