'use client';

import type { Host } from '@wharf/contracts';

export interface Targets {
  mode: 'hosts' | 'group';
  hostIds: string[];
  group: string;
}

function ModeChoice({
  value,
  onChange,
  groups,
}: {
  value: Targets;
  onChange: (t: Targets) => void;
  groups: number;
}) {
  return (
    <div className="adm-row">
      <label className="adm-check">
        <input
          type="radio"
          name="job-target"
          checked={value.mode === 'hosts'}
          onChange={() => onChange({ ...value, mode: 'hosts' })}
        />
        Selected hosts
      </label>
      <label className="adm-check">
        <input
          type="radio"
          name="job-target"
          checked={value.mode === 'group'}
          disabled={groups === 0}
          onChange={() => onChange({ ...value, mode: 'group' })}
        />
        A host group{groups === 0 && ' (no host has a group yet)'}
      </label>
    </div>
  );
}

/** The hosts a job runs on: picked one by one, or every host of a group. */
export function JobTargets({
  hosts,
  value,
  onChange,
}: {
  hosts: readonly Host[];
  value: Targets;
  onChange: (t: Targets) => void;
}) {
  const groups = [...new Set(hosts.flatMap((h) => h.groups))].sort();
  const toggle = (id: string, on: boolean) =>
    onChange({
      ...value,
      hostIds: on ? [...value.hostIds, id] : value.hostIds.filter((h) => h !== id),
    });
  return (
    <fieldset className="adm-perms">
      <legend>Targets</legend>
      <ModeChoice value={value} onChange={onChange} groups={groups.length} />
      {value.mode === 'hosts' && (
        <div className="adm-perm-group" role="group" aria-label="Hosts">
          {hosts.map((h) => (
            <label key={h.id} className="adm-check">
              <input
                type="checkbox"
                checked={value.hostIds.includes(h.id)}
                onChange={(e) => toggle(h.id, e.target.checked)}
              />
              {h.name} <span className="muted small">({h.status})</span>
            </label>
          ))}
        </div>
      )}
      {value.mode === 'group' && (
        <span className="adm-field">
          <label htmlFor="job-group">Group</label>
          <select
            id="job-group"
            value={value.group}
            onChange={(e) => onChange({ ...value, group: e.target.value })}
          >
            <option value="">Choose a group</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g} ({hosts.filter((h) => h.groups.includes(g)).length} hosts)
              </option>
            ))}
          </select>
        </span>
      )}
    </fieldset>
  );
}

/** The host ids a target choice means (a group resolved from the host list). */
export function targetHostIds(t: Targets, hosts: readonly Host[]): string[] {
  return t.mode === 'hosts'
    ? t.hostIds
    : hosts.filter((h) => h.groups.includes(t.group)).map((h) => h.id);
}
