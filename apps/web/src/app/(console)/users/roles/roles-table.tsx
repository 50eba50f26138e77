'use client';

import type { Role } from '@wharf/contracts';

/** Built-in roles (read-only) and custom ones (edit, delete). */
export function RolesTable({
  roles,
  onEdit,
  onDelete,
}: {
  roles: readonly Role[];
  onEdit: (r: Role) => void;
  onDelete: (r: Role) => void;
}) {
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Roles">
        <thead>
          <tr>
            {['Role', 'Applies to', 'Permissions', 'Actions'].map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {roles.map((r) => (
            <tr key={r.id} data-role-id={r.id}>
              <th scope="row">
                {r.name}
                {r.builtin && <span className="adm-pill">Built-in</span>}
                {r.description && <div className="muted small">{r.description}</div>}
              </th>
              <td>{r.ownership === 'own' ? 'own resources' : 'any'}</td>
              <td className="adm-scopes">{r.permissions.join(', ')}</td>
              <td>
                {r.builtin ? (
                  <span className="muted small">read-only</span>
                ) : (
                  <div className="adm-buttons" role="group" aria-label={`Actions for ${r.name}`}>
                    <button type="button" onClick={() => onEdit(r)}>
                      Edit
                    </button>
                    <button type="button" className="danger" onClick={() => onDelete(r)}>
                      Delete
                    </button>
                  </div>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
