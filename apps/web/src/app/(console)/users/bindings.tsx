'use client';

import type { Host, Role, RoleBinding, Team, User } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { describeScope, ErrorText, toScope, useAction } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

export interface Directory {
  users: readonly User[];
  teams: readonly Team[];
  roles: readonly Role[];
  hosts: readonly Host[];
}

type ScopeKind = 'global' | 'group' | 'host';

function ScopeFields(props: {
  kind: ScopeKind;
  value: string;
  onKind: (k: ScopeKind) => void;
  onValue: (v: string) => void;
  hosts: readonly Host[];
}) {
  const groups = [...new Set(props.hosts.flatMap((h) => h.groups))].sort();
  return (
    <>
      <span className="adm-field">
        <label htmlFor="bind-scope">Scope</label>
        <select
          id="bind-scope"
          value={props.kind}
          onChange={(e) => props.onKind(e.target.value as ScopeKind)}
        >
          <option value="global">Global (everywhere)</option>
          <option value="group">Host group</option>
          <option value="host">One host</option>
        </select>
      </span>
      {props.kind === 'group' && (
        <span className="adm-field">
          <label htmlFor="bind-group">Group</label>
          <input
            id="bind-group"
            list="bind-groups"
            value={props.value}
            onChange={(e) => props.onValue(e.target.value)}
            required
          />
          <datalist id="bind-groups">
            {groups.map((g) => (
              <option key={g} value={g} />
            ))}
          </datalist>
        </span>
      )}
      {props.kind === 'host' && (
        <span className="adm-field">
          <label htmlFor="bind-host">Host</label>
          <select
            id="bind-host"
            value={props.value}
            onChange={(e) => props.onValue(e.target.value)}
            required
          >
            <option value="">Choose a host</option>
            {props.hosts.map((h) => (
              <option key={h.id} value={h.id}>
                {h.name}
              </option>
            ))}
          </select>
        </span>
      )}
    </>
  );
}

function SubjectField(props: { dir: Directory; value: string; onChange: (v: string) => void }) {
  return (
    <span className="adm-field">
      <label htmlFor="bind-subject">User or team</label>
      <select
        id="bind-subject"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required
      >
        <option value="">Choose…</option>
        <optgroup label="Users">
          {props.dir.users.map((u) => (
            <option key={u.id} value={`user:${u.id}`}>
              {u.username}
            </option>
          ))}
        </optgroup>
        <optgroup label="Teams">
          {props.dir.teams.map((t) => (
            <option key={t.id} value={`team:${t.id}`}>
              {t.name}
            </option>
          ))}
        </optgroup>
      </select>
    </span>
  );
}

function RoleField(props: {
  roles: readonly Role[];
  value: string;
  onChange: (v: string) => void;
}) {
  return (
    <span className="adm-field">
      <label htmlFor="bind-role">Role</label>
      <select
        id="bind-role"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        required
      >
        <option value="">Choose a role</option>
        {props.roles.map((r) => (
          <option key={r.id} value={r.id}>
            {r.name}
          </option>
        ))}
      </select>
    </span>
  );
}

/** Binds a role to a user or team on a scope; `subject` fixes who (`user:<id>`) when given. */
export function BindingForm({
  dir,
  subject,
  onBound,
}: {
  dir: Directory;
  subject?: string;
  onBound: () => void;
}) {
  const [who, setWho] = useState(subject ?? '');
  const [roleId, setRoleId] = useState('');
  const [kind, setKind] = useState<ScopeKind>('global');
  const [value, setValue] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const [type, id] = who.split(':');
    const body = {
      roleId,
      scope: toScope(kind, value),
      ...(type === 'team' ? { teamId: id } : { userId: id }),
    };
    if (await action.run(() => apiFetch('/role-bindings', { method: 'POST', body }))) onBound();
  };
  return (
    <form
      className="adm-form adm-inline-form"
      onSubmit={(e) => void submit(e)}
      aria-label="Bind a role"
    >
      <div className="adm-row">
        {subject === undefined && <SubjectField dir={dir} value={who} onChange={setWho} />}
        <RoleField roles={dir.roles} value={roleId} onChange={setRoleId} />
        <ScopeFields
          kind={kind}
          value={value}
          onKind={(k) => {
            setKind(k);
            setValue('');
          }}
          onValue={setValue}
          hosts={dir.hosts}
        />
        <button type="submit" className="primary" disabled={action.busy}>
          Bind role
        </button>
      </div>
      <ErrorText error={action.error} />
    </form>
  );
}

function subjectName(b: RoleBinding, dir: Directory): string {
  if (b.userId) return dir.users.find((u) => u.id === b.userId)?.username ?? b.userId;
  const team = dir.teams.find((t) => t.id === b.teamId);
  return `team ${team?.name ?? b.teamId ?? ''}`;
}

/** Role bindings with who, what and where; each can be removed. */
export function BindingsTable({
  bindings,
  dir,
  onChanged,
}: {
  bindings: readonly RoleBinding[];
  dir: Directory;
  onChanged: () => void;
}) {
  const action = useAction();
  const unbind = async (id: string) => {
    if (await action.run(() => apiFetch(`/role-bindings/${id}`, { method: 'DELETE' }))) onChanged();
  };
  if (bindings.length === 0) return <p className="muted">No role bindings.</p>;
  return (
    <>
      <ErrorText error={action.error} />
      <div className="table-wrap">
        <table className="table" aria-label="Role bindings">
          <thead>
            <tr>
              {['Who', 'Role', 'Scope', ''].map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {bindings.map((b) => {
              const who = subjectName(b, dir);
              const role = dir.roles.find((r) => r.id === b.roleId)?.name ?? b.roleId;
              return (
                <tr key={b.id} data-binding-id={b.id}>
                  <th scope="row">{who}</th>
                  <td>{role}</td>
                  <td>{describeScope(b.scope, dir.hosts)}</td>
                  <td>
                    <button
                      type="button"
                      className="danger"
                      disabled={action.busy}
                      onClick={() => void unbind(b.id)}
                      aria-label={`Remove ${role} from ${who}`}
                    >
                      Remove
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </>
  );
}
