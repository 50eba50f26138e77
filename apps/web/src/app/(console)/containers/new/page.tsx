'use client';

import {
  dockerApi,
  errorMessage,
  useAccess,
  useLiveHosts,
  useLiveInventory,
} from '@wharf/web-data-access';
import {
  emptyForm,
  fromInspect,
  toCreateBody,
  validate,
  type CreateForm,
  type FormErrors,
  type InspectForForm,
} from '@wharf/web-ui';
import { useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useState, type FormEvent } from 'react';

import { FormSections } from './form-sections';

/** `?from=<hostId>/<containerId>`: the container to duplicate or edit. */
function useSource(): { host: string; id: string } | undefined {
  const from = useSearchParams().get('from');
  const at = from?.indexOf('/') ?? -1;
  return from && at > 0 ? { host: from.slice(0, at), id: from.slice(at + 1) } : undefined;
}

/**
 * Creates and starts the container. Replacing the original: the new one starts under a temporary
 * name first; only once it runs is the original removed and the name handed over, so a failure
 * leaves the original as it was.
 */
async function createAndStart(form: CreateForm, replace: string | undefined): Promise<string> {
  const { name, body } = toCreateBody(form);
  const interim = replace && name ? `${name}-new-${Date.now().toString(36)}` : name;
  const query = interim ? `?name=${encodeURIComponent(interim)}` : '';
  const created = await dockerApi<{ Id: string }>(form.host, `/containers/create${query}`, {
    method: 'POST',
    body,
  });
  try {
    await dockerApi(form.host, `/containers/${created.Id}/start`, { method: 'POST' });
  } catch (error) {
    if (replace)
      await dockerApi(form.host, `/containers/${created.Id}?force=1`, { method: 'DELETE' });
    throw error;
  }
  if (replace) {
    await dockerApi(form.host, `/containers/${encodeURIComponent(replace)}?force=1`, {
      method: 'DELETE',
    });
    if (name)
      await dockerApi(
        form.host,
        `/containers/${created.Id}/rename?name=${encodeURIComponent(name)}`,
        {
          method: 'POST',
        },
      );
  }
  return created.Id;
}

function CreateContainer() {
  const source = useSource();
  const { hosts } = useLiveHosts();
  const access = useAccess();
  const [form, setForm] = useState<CreateForm>(emptyForm(source?.host ?? ''));
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [replace, setReplace] = useState(false);
  const { items: networks } = useLiveInventory('network', form.host || undefined);
  const usable = (hosts ?? []).filter(
    (h) => h.status === 'online' && access.can('container:create', { id: h.id, groups: h.groups }),
  );
  const set = <K extends keyof CreateForm>(key: K, value: CreateForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  useEffect(() => {
    if (!source) return;
    dockerApi<InspectForForm>(
      source.host,
      `/containers/${encodeURIComponent(source.id)}/json`,
    ).then(
      (c) => setForm(fromInspect(source.host, c)),
      (e: unknown) => setFailure(errorMessage(e)),
    );
  }, [source?.host, source?.id]);
  useEffect(() => {
    if (form.host === '' && usable.length === 1 && usable[0]) set('host', usable[0].id);
  }, [usable, form.host]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(form);
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const id = await createAndStart(form, replace ? source?.id : undefined);
      window.location.assign(
        `/containers/view?host=${encodeURIComponent(form.host)}&id=${encodeURIComponent(id)}`,
      );
    } catch (e) {
      setFailure(errorMessage(e));
      setBusy(false);
    }
  }

  return (
    <>
      <div className="page-head">
        <div>
          <h1>{source ? 'Duplicate or edit container' : 'Create container'}</h1>
          <p className="muted page-sub">Runs like `docker run -d` on the host you choose.</p>
        </div>
      </div>
      <form
        className="ct-form"
        onSubmit={(e) => void submit(e)}
        noValidate
        aria-label="Create container"
      >
        <FormSections form={form} set={set} errors={errors} usable={usable} networks={networks} />
        {source && (
          <label className="cd-check">
            <input
              type="checkbox"
              checked={replace}
              onChange={(e) => setReplace(e.target.checked)}
            />
            Replace the original (it is removed once the new container runs)
          </label>
        )}
        {Object.keys(errors).length > 0 && (
          <p className="error" role="alert">
            Some fields need attention.
          </p>
        )}
        {failure && (
          <p className="error" role="alert">
            {failure}
          </p>
        )}
        <div className="ct-form-actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create and start'}
          </button>
          <a className="button" href="/containers">
            Cancel
          </a>
        </div>
      </form>
    </>
  );
}

export default function CreateContainerPage() {
  return (
    <Suspense fallback={<p className="muted loading">Loading…</p>}>
      <CreateContainer />
    </Suspense>
  );
}
