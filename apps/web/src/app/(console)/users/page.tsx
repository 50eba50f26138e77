'use client';

import type { User } from '@wharf/contracts';
import { useAccess, useSession } from '@wharf/web-data-access';
import { EmptyState, ErrorText, useNow } from '@wharf/web-ui';
import { useState } from 'react';

import { CreateUser } from './create-user';
import { useDirectory } from './use-directory';
import { UserAccess } from './user-access';
import { UserDialog } from './user-dialogs';
import { UsersTable, type UserAction } from './users-table';
import { UsersTabs } from './users-tabs';

/** Users: list, create, disable/enable, reset password, delete, and each one's effective access. */
export default function UsersPage() {
  const access = useAccess();
  const me = useSession();
  const { dir, bindings, error, reload } = useDirectory();
  const [creating, setCreating] = useState(false);
  const [pending, setPending] = useState<{ user: User; action: UserAction }>();
  const [inspected, setInspected] = useState<User>();
  const now = useNow();
  const may = access.can('user:manage');
  const act = (user: User, action: UserAction) =>
    action === 'access' ? setInspected(user) : setPending({ user, action });
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Users & Teams</h1>
          {dir && may && <p className="muted page-sub">{dir.users.length} users</p>}
        </div>
        {may && !creating && (
          <button type="button" className="primary" onClick={() => setCreating(true)}>
            New user
          </button>
        )}
      </div>
      <UsersTabs />
      <ErrorText error={error} />
      {access.loaded && !may && (
        <EmptyState title="Not allowed">
          <p>Managing users needs the user:manage permission.</p>
        </EmptyState>
      )}
      {may && creating && (
        <CreateUser
          onCreated={() => {
            setCreating(false);
            reload();
          }}
          onClose={() => setCreating(false)}
        />
      )}
      {(!access.loaded || (may && !dir && !error)) && (
        <p className="muted loading" role="status">
          Loading users…
        </p>
      )}
      {may && dir && <UsersTable users={dir.users} now={now} selfId={me?.id} onAction={act} />}
      {dir && inspected && (
        <UserAccess
          key={inspected.id}
          user={inspected}
          dir={dir}
          bindings={bindings ?? []}
          mayBind={access.can('role:manage')}
          onChanged={reload}
          onClose={() => setInspected(undefined)}
        />
      )}
      {pending && pending.action !== 'access' && (
        <UserDialog
          user={pending.user}
          action={pending.action}
          onCancel={() => setPending(undefined)}
          onDone={() => {
            setPending(undefined);
            reload();
          }}
        />
      )}
    </>
  );
}
