'use client';

import type { User } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { ConfirmDialog, ErrorText, FormDialog, TextField, useAction } from '@wharf/web-ui';
import { useState } from 'react';

import type { UserAction } from './users-table';

function ResetPassword({
  user,
  onDone,
  onCancel,
}: {
  user: User;
  onDone: () => void;
  onCancel: () => void;
}) {
  const [password, setPassword] = useState('');
  const action = useAction();
  const confirm = async () => {
    const body = { password };
    if (await action.run(() => apiFetch(`/users/${user.id}`, { method: 'PATCH', body }))) onDone();
  };
  return (
    <FormDialog
      title={`Reset the password of ${user.username}?`}
      submitLabel="Reset password"
      busy={action.busy}
      onSubmit={() => void confirm()}
      onCancel={onCancel}
    >
      <p>Their sessions end and their API tokens stop working.</p>
      <TextField
        id="reset-password"
        label="New password"
        type="password"
        autoComplete="new-password"
        value={password}
        onChange={setPassword}
        hint="at least 12 characters"
      />
      <ErrorText error={action.error} />
    </FormDialog>
  );
}

function Simple({
  user,
  kind,
  onDone,
  onCancel,
}: {
  user: User;
  kind: 'toggle' | 'delete';
  onDone: () => void;
  onCancel: () => void;
}) {
  const action = useAction();
  const enabling = kind === 'toggle' && user.disabled;
  const confirm = async () => {
    const call =
      kind === 'delete'
        ? () => apiFetch(`/users/${user.id}`, { method: 'DELETE' })
        : () =>
            apiFetch(`/users/${user.id}`, { method: 'PATCH', body: { disabled: !user.disabled } });
    if (await action.run(call)) onDone();
  };
  const verb = kind === 'delete' ? 'Delete' : enabling ? 'Enable' : 'Disable';
  return (
    <ConfirmDialog
      title={`${verb} ${user.username}?`}
      confirmLabel={verb}
      onConfirm={() => void confirm()}
      onCancel={onCancel}
    >
      <p>
        {kind === 'delete'
          ? 'The account, its sessions, tokens, team memberships and role bindings are removed. This cannot be undone.'
          : enabling
            ? 'They can sign in again.'
            : 'Their sessions end at once and they cannot sign in until enabled again.'}
      </p>
      <ErrorText error={action.error} />
    </ConfirmDialog>
  );
}

/** The confirmation for a destructive or sensitive user action. */
export function UserDialog(props: {
  user: User;
  action: Exclude<UserAction, 'access'>;
  onDone: () => void;
  onCancel: () => void;
}) {
  if (props.action === 'password')
    return <ResetPassword user={props.user} onDone={props.onDone} onCancel={props.onCancel} />;
  return (
    <Simple user={props.user} kind={props.action} onDone={props.onDone} onCancel={props.onCancel} />
  );
}
