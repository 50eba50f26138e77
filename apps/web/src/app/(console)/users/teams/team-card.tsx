'use client';

import type { Team, User } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { ConfirmDialog, ErrorText, useAction } from '@wharf/web-ui';
import { useState } from 'react';

function AddMember({
  team,
  users,
  run,
}: {
  team: Team;
  users: readonly User[];
  run: (fn: () => Promise<unknown>) => void;
}) {
  const [userId, setUserId] = useState('');
  const candidates = users.filter((u) => !team.members.some((m) => m.userId === u.id));
  const id = `add-member-${team.id}`;
  if (candidates.length === 0) return null;
  return (
    <div className="adm-row">
      <span className="adm-field">
        <label htmlFor={id}>Add member</label>
        <select id={id} value={userId} onChange={(e) => setUserId(e.target.value)}>
          <option value="">Choose a user</option>
          {candidates.map((u) => (
            <option key={u.id} value={u.id}>
              {u.username}
            </option>
          ))}
        </select>
      </span>
      <button
        type="button"
        disabled={userId === ''}
        onClick={() => {
          run(() =>
            apiFetch(`/teams/${team.id}/members/${userId}`, {
              method: 'PUT',
              body: { isLeader: false },
            }),
          );
          setUserId('');
        }}
      >
        Add
      </button>
    </div>
  );
}

function Members({
  team,
  canEdit,
  run,
}: {
  team: Team;
  canEdit: boolean;
  run: (fn: () => Promise<unknown>) => void;
}) {
  if (team.members.length === 0) return <p className="muted">No members yet.</p>;
  const base = `/teams/${team.id}/members`;
  return (
    <table className="table" aria-label={`Members of ${team.name}`}>
      <thead>
        <tr>
          <th scope="col">Member</th>
          <th scope="col">Leader</th>
          {canEdit && <th scope="col">Actions</th>}
        </tr>
      </thead>
      <tbody>
        {team.members.map((m) => (
          <tr key={m.userId}>
            <th scope="row">{m.username}</th>
            <td>
              <input
                type="checkbox"
                className="adm-inline-check"
                checked={m.isLeader}
                disabled={!canEdit}
                aria-label={`${m.username} leads ${team.name}`}
                onChange={(e) =>
                  run(() =>
                    apiFetch(`${base}/${m.userId}`, {
                      method: 'PUT',
                      body: { isLeader: e.target.checked },
                    }),
                  )
                }
              />
            </td>
            {canEdit && (
              <td>
                <button
                  type="button"
                  className="danger"
                  onClick={() => run(() => apiFetch(`${base}/${m.userId}`, { method: 'DELETE' }))}
                >
                  Remove
                </button>
              </td>
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One team: members and leaders (managers and the team's leaders edit them), delete. */
export function TeamCard(props: {
  team: Team;
  users: readonly User[];
  canManage: boolean;
  myId: string | undefined;
  onChanged: () => void;
}) {
  const { team } = props;
  const action = useAction();
  const [deleting, setDeleting] = useState(false);
  const leads = team.members.some((m) => m.userId === props.myId && m.isLeader);
  const canEdit = props.canManage || leads;
  const run = (fn: () => Promise<unknown>) =>
    void action.run(fn).then((ok) => ok && props.onChanged());
  return (
    <section className="card adm-card" aria-label={`Team ${team.name}`} data-team-id={team.id}>
      <div className="card-head">
        <h2>{team.name}</h2>
        {props.canManage && (
          <button type="button" className="danger" onClick={() => setDeleting(true)}>
            Delete team
          </button>
        )}
      </div>
      {team.description && <p className="muted">{team.description}</p>}
      <ErrorText error={action.error} />
      <Members team={team} canEdit={canEdit} run={run} />
      {canEdit && <AddMember team={team} users={props.users} run={run} />}
      {deleting && (
        <ConfirmDialog
          title={`Delete team ${team.name}?`}
          confirmLabel="Delete team"
          onCancel={() => setDeleting(false)}
          onConfirm={() => {
            setDeleting(false);
            run(() => apiFetch(`/teams/${team.id}`, { method: 'DELETE' }));
          }}
        >
          <p>Its members stay, but lose the roles bound to the team and ownership through it.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}
