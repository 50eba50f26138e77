'use client';

import { useId, useState } from 'react';

import { Highlight } from './highlight';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const isContainer = (v: Json): v is Json[] | { [key: string]: Json } =>
  v !== null && typeof v === 'object';

const entriesOf = (v: Json[] | { [key: string]: Json }): [string, Json][] =>
  Array.isArray(v) ? v.map((x, i) => [String(i), x]) : Object.entries(v);

/** Whether the key or anything inside `value` contains `query` (lower case). */
export function jsonMatches(key: string, value: Json, query: string): boolean {
  if (query === '' || key.toLowerCase().includes(query)) return true;
  if (isContainer(value)) return entriesOf(value).some(([k, v]) => jsonMatches(k, v, query));
  return JSON.stringify(value).toLowerCase().includes(query);
}

function Scalar({ value, query }: { value: Json; query: string }) {
  const text = JSON.stringify(value);
  const kind = value === null ? 'null' : typeof value;
  return (
    <span className={`json-${kind}`}>
      <Highlight text={text} query={query} />
    </span>
  );
}

interface NodeProps {
  name: string;
  value: Json;
  depth: number;
  query: string;
  expandAll: boolean | undefined;
}

function JsonNode({ name, value, depth, query, expandAll }: NodeProps) {
  const [open, setOpen] = useState<boolean>();
  if (!isContainer(value))
    return (
      <li>
        <span className="json-key">
          <Highlight text={name} query={query} />
        </span>
        : <Scalar value={value} query={query} />
      </li>
    );
  const entries = entriesOf(value).filter(([k, v]) => jsonMatches(k, v, query));
  const expanded = open ?? expandAll ?? (query !== '' || depth < 1);
  const [start, end] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  return (
    <li>
      <button
        type="button"
        className="json-toggle"
        aria-expanded={expanded}
        onClick={() => setOpen(!expanded)}
      >
        <span aria-hidden="true">{expanded ? '▾' : '▸'}</span>{' '}
        <span className="json-key">
          <Highlight text={name} query={query} />
        </span>
      </button>{' '}
      {expanded ? (
        <>
          {start}
          <ul>
            {entries.map(([k, v]) => (
              <JsonNode
                key={k}
                name={k}
                value={v}
                depth={depth + 1}
                query={query}
                expandAll={expandAll}
              />
            ))}
          </ul>
          {end}
        </>
      ) : (
        <span className="muted">
          {start} {entriesOf(value).length} {Array.isArray(value) ? 'items' : 'keys'} {end}
        </span>
      )}
    </li>
  );
}

/** A collapsible, searchable tree of a JSON document (search keeps matching paths and opens them). */
export function JsonViewer({ value, label }: { value: unknown; label: string }) {
  const [query, setQuery] = useState('');
  const [expandAll, setExpandAll] = useState<boolean>();
  const [generation, setGeneration] = useState(0);
  const searchId = useId();
  const json = value as Json;
  const q = query.trim().toLowerCase();
  const top = isContainer(json) ? entriesOf(json).filter(([k, v]) => jsonMatches(k, v, q)) : [];
  const setAll = (next: boolean) => {
    setExpandAll(next);
    setGeneration((g) => g + 1); // remount so each node's own toggle gives way
  };
  return (
    <section className="json-viewer" aria-label={label}>
      <div className="toolbar">
        <label htmlFor={searchId} className="sr-only">
          Search {label}
        </label>
        <input
          id={searchId}
          type="search"
          placeholder="Search keys and values"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
        />
        <button type="button" onClick={() => setAll(true)}>
          Expand all
        </button>
        <button type="button" onClick={() => setAll(false)}>
          Collapse all
        </button>
      </div>
      {q !== '' && top.length === 0 && <p className="muted">Nothing matches “{query}”.</p>}
      <ul className="json-tree" key={generation}>
        {top.map(([k, v]) => (
          <JsonNode key={k} name={k} value={v} depth={0} query={q} expandAll={expandAll} />
        ))}
      </ul>
    </section>
  );
}
