'use client';

import type { User } from '@wharf/contracts';
import { relativeTime } from '@wharf/web-ui';

export type UserAction = 'access' | 'password' | 'toggle' | 'delete';

function UserRow({
  user,
  now,
  protectedUser,
  onAction,
}: {
  user: User;
  now: number;
  /** The built-in admin and yourself cannot be disabled or deleted (the server refuses too). */
  protectedUser: boolean;
  onAction: (a: UserAction) => void;
}) {
  return (
    <tr data-user-id={user.id} data-username={user.username}>
      <th scope="row">
        {user.username}
        {user.displayName && <div className="muted small">{user.displayName}</div>}
      </th>
      <td>
        <span className={`adm-pill ${user.disabled ? 'adm-pill-bad' : 'adm-pill-ok'}`}>
          {user.disabled ? 'Disabled' : 'Active'}
        </span>
        {user.isAdmin && <span className="adm-pill">Built-in admin</span>}
      </td>
      <td>{user.totpEnabled ? 'On' : 'Off'}</td>
      <td title={user.createdAt}>{relativeTime(user.createdAt, now)}</td>
      <td>
        <div className="adm-buttons" role="group" aria-label={`Actions for ${user.username}`}>
          <button type="button" onClick={() => onAction('access')}>
            Access
          </button>
          <button type="button" onClick={() => onAction('password')}>
            Reset password
          </button>
          {!protectedUser && (
            <>
              <button type="button" onClick={() => onAction('toggle')}>
                {user.disabled ? 'Enable' : 'Disable'}
              </button>
              <button type="button" className="danger" onClick={() => onAction('delete')}>
                Delete
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

/** Every user with status, second factor and age; actions are passed up. */
export function UsersTable(props: {
  users: readonly User[];
  now: number;
  selfId: string | undefined;
  onAction: (user: User, action: UserAction) => void;
}) {
  const sorted = [...props.users].sort((a, b) => a.username.localeCompare(b.username));
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Users">
        <thead>
          <tr>
            {['User', 'Status', 'Two-factor', 'Created', 'Actions'].map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sorted.map((u) => (
            <UserRow
              key={u.id}
              user={u}
              now={props.now}
              protectedUser={u.isAdmin || u.id === props.selfId}
              onAction={(a) => props.onAction(u, a)}
            />
          ))}
        </tbody>
      </table>
    </div>
  );
}
