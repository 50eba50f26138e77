'use client';

import { apiFetch, useAccess, useSession } from '@wharf/web-data-access';
import { EmptyState, ErrorText, TextField, useAction } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

import { useDirectory } from '../use-directory';
import { UsersTabs } from '../users-tabs';
import { TeamCard } from './team-card';

function CreateTeam({ onCreated }: { onCreated: () => void }) {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = { name, description };
    if (await action.run(() => apiFetch('/teams', { method: 'POST', body }))) {
      setName('');
      setDescription('');
      onCreated();
    }
  };
  return (
    <form className="card adm-card adm-form" onSubmit={(e) => void submit(e)} aria-label="New team">
      <div className="adm-row">
        <TextField id="team-name" label="Team name" value={name} onChange={setName} required />
        <TextField
          id="team-description"
          label="Description"
          value={description}
          onChange={setDescription}
        />
        <button type="submit" className="primary" disabled={action.busy}>
          Create team
        </button>
      </div>
      <ErrorText error={action.error} />
    </form>
  );
}

/** Teams with their members and leaders. */
export default function TeamsPage() {
  const access = useAccess();
  const me = useSession();
  const { dir, error, reload } = useDirectory();
  const canManage = access.can('team:manage');
  return (
    <>
      <div className="page-head">
        <h1>Users & Teams</h1>
      </div>
      <UsersTabs />
      <ErrorText error={error} />
      {canManage && <CreateTeam onCreated={reload} />}
      {!dir && !error && (
        <p className="muted loading" role="status">
          Loading teams…
        </p>
      )}
      {dir?.teams.length === 0 && (
        <EmptyState title="No teams">
          <p>
            {canManage
              ? 'Create a team to give several people the same roles.'
              : 'You are in no team.'}
          </p>
        </EmptyState>
      )}
      <div className="adm-stack">
        {dir?.teams.map((t) => (
          <TeamCard
            key={t.id}
            team={t}
            users={dir.users}
            canManage={canManage}
            myId={me?.id}
            onChanged={reload}
          />
        ))}
      </div>
    </>
  );
}
