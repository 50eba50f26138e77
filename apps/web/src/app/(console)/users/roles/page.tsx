'use client';

import type { Role } from '@wharf/contracts';
import { apiFetch, useAccess } from '@wharf/web-data-access';
import { ConfirmDialog, EmptyState, ErrorText, useAction } from '@wharf/web-ui';
import { useState } from 'react';

import { BindingForm, BindingsTable } from '../bindings';
import { useDirectory } from '../use-directory';
import { UsersTabs } from '../users-tabs';
import { RoleForm } from './role-form';
import { RolesTable } from './roles-table';

/** Roles made from the permission catalog, and who holds which role where. */
export default function RolesPage() {
  const access = useAccess();
  const { dir, bindings, error, reload } = useDirectory();
  const [editing, setEditing] = useState<Role | 'new'>();
  const [deleting, setDeleting] = useState<Role>();
  const action = useAction();
  const may = access.can('role:manage');
  const remove = async (role: Role) => {
    setDeleting(undefined);
    if (await action.run(() => apiFetch(`/roles/${role.id}`, { method: 'DELETE' }))) reload();
  };
  const saved = () => {
    setEditing(undefined);
    reload();
  };
  return (
    <>
      <div className="page-head">
        <h1>Users & Teams</h1>
        {may && editing === undefined && (
          <button type="button" className="primary" onClick={() => setEditing('new')}>
            New role
          </button>
        )}
      </div>
      <UsersTabs />
      <ErrorText error={error ?? action.error} />
      {access.loaded && !may && (
        <EmptyState title="Not allowed">
          <p>Roles and bindings need the role:manage permission.</p>
        </EmptyState>
      )}
      {(!access.loaded || (may && !dir && !error)) && (
        <p className="muted loading" role="status">
          Loading roles…
        </p>
      )}
      {editing !== undefined && (
        <RoleForm
          key={editing === 'new' ? 'new' : editing.id}
          role={editing === 'new' ? undefined : editing}
          onSaved={saved}
          onClose={() => setEditing(undefined)}
        />
      )}
      {may && dir && (
        <div className="adm-stack">
          <RolesTable roles={dir.roles} onEdit={setEditing} onDelete={setDeleting} />
          <section className="card adm-card" aria-labelledby="bindings-title">
            <h2 id="bindings-title">Role bindings</h2>
            <p className="muted">
              A binding gives a user or a team a role on everything, a host group, or one host.
            </p>
            <BindingForm dir={dir} onBound={reload} />
            <BindingsTable bindings={bindings ?? []} dir={dir} onChanged={reload} />
          </section>
        </div>
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete role ${deleting.name}?`}
          confirmLabel="Delete role"
          onConfirm={() => void remove(deleting)}
          onCancel={() => setDeleting(undefined)}
        >
          <p>Its bindings are removed with it: whoever held it loses those permissions.</p>
        </ConfirmDialog>
      )}
    </>
  );
}
