'use client';

import type { Host } from '@wharf/contracts';
import type { RowFilter } from '@wharf/web-ui';
import { useId } from 'react';

const STATES = ['running', 'exited', 'created', 'paused', 'restarting', 'dead'];

/** Search text, host and state: the table narrows as you type or choose. */
export function Filters({
  filter,
  onChange,
  hosts,
}: {
  filter: RowFilter;
  onChange: (filter: RowFilter) => void;
  hosts: Host[];
}) {
  const id = useId();
  return (
    <>
      <label>
        <span className="sr-only">Search containers</span>
        <input
          type="search"
          placeholder="Search name, image, host or id"
          value={filter.search}
          onChange={(e) => onChange({ ...filter, search: e.target.value })}
        />
      </label>
      <span className="ct-filter">
        <label htmlFor={`${id}-host`}>Host</label>
        <select
          id={`${id}-host`}
          value={filter.host}
          onChange={(e) => onChange({ ...filter, host: e.target.value })}
        >
          <option value="">All hosts</option>
          {hosts.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </span>
      <span className="ct-filter">
        <label htmlFor={`${id}-state`}>State</label>
        <select
          id={`${id}-state`}
          value={filter.state}
          onChange={(e) => onChange({ ...filter, state: e.target.value })}
        >
          <option value="">Any state</option>
          {STATES.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </span>
    </>
  );
}
