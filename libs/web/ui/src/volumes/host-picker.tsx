import type { Host } from '@wharf/contracts';

/**
 * A host `<select>`; with `allLabel` its empty value means "all hosts" (a list filter), without it
 * one host must be chosen (where an action runs).
 */
export function HostPicker({
  hosts,
  value,
  onChange,
  label,
  allLabel,
  id,
}: {
  hosts: readonly Host[];
  value: string;
  onChange: (host: string) => void;
  label: string;
  allLabel?: string;
  id: string;
}) {
  return (
    <span className="rs-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {allLabel !== undefined && <option value="">{allLabel}</option>}
        {hosts.map((h) => (
          <option key={h.id} value={h.id}>
            {h.name}
            {h.status === 'online' ? '' : ` (${h.status})`}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Labels as small chips, or a dash when there are none. */
export function LabelChips({ labels }: { labels: Record<string, string> }) {
  const entries = Object.entries(labels);
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <>
      {entries.map(([k, v]) => (
        <span key={k} className="label">
          {k}={v}
        </span>
      ))}
    </>
  );
}
