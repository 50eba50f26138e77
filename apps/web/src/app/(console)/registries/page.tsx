'use client';

import type { Registry, RegistryTestResult } from '@wharf/contracts';
import { apiFetch, useAccess } from '@wharf/web-data-access';
import { ConfirmDialog, EmptyState, ErrorText, useAction, useLoad } from '@wharf/web-ui';
import { useState } from 'react';

import { RegistriesTable, type RegistryAction, type TestState } from './registries-table';
import { RegistryBrowser } from './registry-browser';
import { RegistryEditor } from './registry-editor';

type Panel = { kind: 'add' } | { kind: 'edit' | 'browse'; registry: Registry };

function useConnectionTests() {
  const [tests, setTests] = useState<Record<string, TestState>>({});
  const run = async (registry: Registry) => {
    setTests((t) => ({ ...t, [registry.id]: { running: true } }));
    let result: RegistryTestResult;
    try {
      result = await apiFetch<RegistryTestResult>(`/registries/${registry.id}/test`, {
        method: 'POST',
      });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      result = { ok: false, message, auth: 'none', status: null };
    }
    setTests((t) => ({ ...t, [registry.id]: { running: false, result } }));
  };
  return { tests, run };
}

/** Private registries: add, edit, test the connection, browse repositories and tags, delete. */
export default function RegistriesPage() {
  const access = useAccess();
  const may = { read: access.can('registry:read'), manage: access.can('registry:manage') };
  const registries = useLoad(() => apiFetch<Registry[]>('/registries'), may.read);
  const [panel, setPanel] = useState<Panel>();
  const [deleting, setDeleting] = useState<Registry>();
  const remove = useAction();
  const { tests, run } = useConnectionTests();
  const act = (registry: Registry, action: RegistryAction) => {
    if (action === 'test') void run(registry);
    else if (action === 'delete') setDeleting(registry);
    else setPanel({ kind: action, registry });
  };
  const list = registries.data;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Registries</h1>
          {list && (
            <p className="muted page-sub">
              {list.length} {list.length === 1 ? 'registry' : 'registries'} · passwords are stored
              encrypted and never shown
            </p>
          )}
        </div>
        {may.manage && panel?.kind !== 'add' && (
          <button type="button" className="primary" onClick={() => setPanel({ kind: 'add' })}>
            Add registry
          </button>
        )}
      </div>
      <ErrorText error={registries.error} />
      {access.loaded && !may.read && (
        <EmptyState title="Not allowed">
          <p>Seeing registries needs the registry:read permission.</p>
        </EmptyState>
      )}
      {(panel?.kind === 'add' || panel?.kind === 'edit') && (
        <RegistryEditor
          key={panel.kind === 'edit' ? panel.registry.id : 'add'}
          original={panel.kind === 'edit' ? panel.registry : undefined}
          onSaved={() => {
            setPanel(undefined);
            registries.reload();
          }}
          onClose={() => setPanel(undefined)}
        />
      )}
      {(!access.loaded || (may.read && !list && !registries.error)) && (
        <p className="muted loading" role="status">
          Loading registries…
        </p>
      )}
      {list?.length === 0 && (
        <EmptyState title="No registries yet">
          <p>Add a private registry to test its credentials and browse its repositories here.</p>
        </EmptyState>
      )}
      {list && list.length > 0 && (
        <RegistriesTable registries={list} tests={tests} mayManage={may.manage} onAction={act} />
      )}
      {panel?.kind === 'browse' && (
        <RegistryBrowser
          key={panel.registry.id}
          registry={panel.registry}
          onClose={() => setPanel(undefined)}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title={`Delete ${deleting.name}?`}
          confirmLabel="Delete registry"
          onCancel={() => {
            remove.clear();
            setDeleting(undefined);
          }}
          onConfirm={() =>
            void remove
              .run(() => apiFetch(`/registries/${deleting.id}`, { method: 'DELETE' }))
              .then((ok) => {
                if (!ok) return;
                setDeleting(undefined);
                if (panel && panel.kind !== 'add' && panel.registry.id === deleting.id)
                  setPanel(undefined);
                registries.reload();
              })
          }
        >
          <p>
            Wharf forgets {deleting.url} and its stored credentials. Images already pulled stay on
            their hosts.
          </p>
          <ErrorText error={remove.error} />
        </ConfirmDialog>
      )}
    </>
  );
}
