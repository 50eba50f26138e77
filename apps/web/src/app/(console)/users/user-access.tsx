'use client';

import type { EffectiveAccess, RoleBinding, User } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { describeScope, ErrorText, useLoad } from '@wharf/web-ui';

import { BindingForm, BindingsTable, type Directory } from './bindings';

function viaText(via: string, dir: Directory): string {
  if (via === 'user') return 'direct';
  const id = via.replace(/^team:/, '');
  return `team ${dir.teams.find((t) => t.id === id)?.name ?? id}`;
}

function Grants({ access, dir }: { access: EffectiveAccess; dir: Directory }) {
  if (access.grants.length === 0)
    return <p className="muted">No roles: this user can sign in but do nothing.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Effective access">
        <thead>
          <tr>
            {['Role', 'Scope', 'Through', 'Ownership', 'Permissions'].map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {access.grants.map((g, i) => (
            <tr key={`${g.roleId}-${g.scope}-${i}`}>
              <th scope="row">{g.roleName}</th>
              <td>{describeScope(g.scope, dir.hosts)}</td>
              <td>{viaText(g.via, dir)}</td>
              <td>{g.ownership === 'own' ? 'own resources' : 'any'}</td>
              <td className="adm-scopes">{g.permissions.join(', ')}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What one user may do (`GET /users/:id/effective-access`) and their direct role bindings. */
export function UserAccess(props: {
  user: User;
  dir: Directory;
  bindings: readonly RoleBinding[];
  mayBind: boolean;
  onChanged: () => void;
  onClose: () => void;
}) {
  const access = useLoad(() =>
    apiFetch<EffectiveAccess>(`/users/${props.user.id}/effective-access`),
  );
  const changed = () => {
    access.reload();
    props.onChanged();
  };
  const mine = props.bindings.filter((b) => b.userId === props.user.id);
  return (
    <section className="card adm-card" aria-labelledby="access-title">
      <div className="card-head">
        <h2 id="access-title">Access of {props.user.username}</h2>
        <button type="button" className="ghost" onClick={props.onClose}>
          Close
        </button>
      </div>
      <ErrorText error={access.error} />
      {access.data === undefined && !access.error && (
        <p className="muted" role="status">
          Loading…
        </p>
      )}
      {access.data && (
        <>
          <p>
            <strong>Global permissions:</strong>{' '}
            {access.data.globalPermissions.length > 0
              ? access.data.globalPermissions.join(', ')
              : 'none'}
          </p>
          <Grants access={access.data} dir={props.dir} />
        </>
      )}
      {props.mayBind && (
        <>
          <h3>Role bindings</h3>
          <BindingsTable bindings={mine} dir={props.dir} onChanged={changed} />
          <BindingForm dir={props.dir} subject={`user:${props.user.id}`} onBound={changed} />
        </>
      )}
    </section>
  );
}
