'use client';

import type { Host } from '@wharf/contracts';
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
  validate,
  type CreateForm,
  type FormErrors,
  type InspectForForm,
} from '@wharf/web-ui';
import { useSearchParams } from 'next/navigation';
import { Suspense, useEffect, useMemo, useState, type FormEvent } from 'react';

import { createAndStart, replaceContainer } from './create-and-start';
import { FormSections, type Suggestions } from './form-sections';

/** `?from=<hostId>/<containerId>`: the container to duplicate or edit. */
function useSource(): { host: string; id: string } | undefined {
  const from = useSearchParams().get('from');
  const at = from?.indexOf('/') ?? -1;
  return from && at > 0 ? { host: from.slice(0, at), id: from.slice(at + 1) } : undefined;
}

type Source = { host: string; id: string } | undefined;

/**
 * The form's state; with a source container, filled from its settings once they arrive
 * (`sourceName` is then its name). A host is chosen for you when only one is usable.
 */
function useCreateForm(source: Source, usable: Host[], onFailure: (message: string) => void) {
  const [form, setForm] = useState<CreateForm>(emptyForm(source?.host ?? ''));
  const [sourceName, setSourceName] = useState<string>();
  const set = <K extends keyof CreateForm>(key: K, value: CreateForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  useEffect(() => {
    if (!source) return;
    dockerApi<InspectForForm>(
      source.host,
      `/containers/${encodeURIComponent(source.id)}/json`,
    ).then(
      (c) => {
        const filled = fromInspect(source.host, c);
        setForm(filled);
        setSourceName(filled.name);
      },
      (e: unknown) => onFailure(errorMessage(e)),
    );
  }, [source?.host, source?.id]);
  const only = usable.length === 1 ? usable[0]?.id : undefined;
  useEffect(() => {
    if (form.host === '' && only !== undefined) set('host', only);
  }, [only, form.host]);
  return { form, set, sourceName };
}

/** The chosen host's image tags and volume names, offered in the form (none before a host). */
function useSuggestions(host: string): Suggestions {
  const { items: images } = useLiveInventory('image', host || undefined);
  const { items: volumes } = useLiveInventory('volume', host || undefined);
  return useMemo(() => {
    const known = (list: string[]) => [...new Set(list)].sort();
    return host === ''
      ? { images: [], volumes: [] }
      : {
          images: known(
            (images ?? [])
              .flatMap((i) => i.detail.split(','))
              .filter((t) => t && !t.includes('<none>')),
          ),
          volumes: known((volumes ?? []).map((v) => v.name)),
        };
  }, [host, images, volumes]);
}

function ReplaceOption({
  checked,
  disabled,
  name,
  onChange,
}: {
  checked: boolean;
  disabled: boolean;
  name: string | undefined;
  onChange: (checked: boolean) => void;
}) {
  return (
    <label className="cd-check">
      <input
        type="checkbox"
        checked={checked}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      Replace the original{name ? ` (${name})` : ''}: it is stopped once the new container exists
      and removed once the new one runs; if the new one fails, the original is started again
    </label>
  );
}

function CreateContainer() {
  const source = useSource();
  const { hosts } = useLiveHosts();
  const access = useAccess();
  const [errors, setErrors] = useState<FormErrors>({});
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [replace, setReplace] = useState(false);
  const usable = (hosts ?? []).filter(
    (h) => h.status === 'online' && access.can('container:create', { id: h.id, groups: h.groups }),
  );
  const { form, set, sourceName } = useCreateForm(source, usable, setFailure);
  const { items: networks } = useLiveInventory('network', form.host || undefined);
  const suggestions = useSuggestions(form.host);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const found = validate(form);
    const replacing = replace && source !== undefined && form.host === source.host;
    if (source && !replacing && form.name !== '' && form.name === sourceName)
      found['name'] = 'the original has this name: choose another, or replace the original';
    setErrors(found);
    setFailure(undefined);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    try {
      const id =
        replacing && source ? await replaceContainer(form, source.id) : await createAndStart(form);
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
        {source && sourceName === undefined && !failure && (
          <p className="muted loading" role="status">
            Loading the settings of the container to duplicate…
          </p>
        )}
        <FormSections
          form={form}
          set={set}
          errors={errors}
          usable={usable}
          networks={networks}
          suggestions={suggestions}
        />
        {source && (
          <ReplaceOption
            checked={replace && form.host === source.host}
            disabled={form.host !== source.host}
            name={sourceName}
            onChange={setReplace}
          />
        )}
        {hosts !== undefined && access.loaded && usable.length === 0 && (
          <p className="error" role="alert">
            There is no online host on which you may create containers.
          </p>
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
