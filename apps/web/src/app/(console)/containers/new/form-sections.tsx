'use client';

import type { Host, InventoryItem } from '@wharf/contracts';
import type { CreateForm, FormErrors } from '@wharf/web-ui';
import { cloneElement, useId, type ReactElement } from 'react';

import { described, FieldError, MountRows, PairRows, PortRows } from './form-rows';

type Set = <K extends keyof CreateForm>(key: K, value: CreateForm[K]) => void;
interface SectionProps {
  form: CreateForm;
  set: Set;
  errors: FormErrors;
}

/** A labelled control: the label names the control alone (not its options or hint). */
function Field({
  label,
  path,
  errors,
  hint,
  children,
}: {
  label: string;
  path?: string;
  errors: FormErrors;
  hint?: string;
  children: ReactElement<{ id?: string }>;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id })}
      {hint && <span className="hint">{hint}</span>}
      {path && <FieldError errors={errors} path={path} />}
    </div>
  );
}

/** Names the host already has, offered as the user types (images and volumes). */
export interface Suggestions {
  images: string[];
  volumes: string[];
}
const IMAGE_LIST = 'ct-known-images';
const VOLUME_LIST = 'ct-known-volumes';

function Known({ id, values }: { id: string; values: string[] }) {
  return (
    <datalist id={id}>
      {values.map((v) => (
        <option key={v} value={v} />
      ))}
    </datalist>
  );
}

function ContainerSection({
  form,
  set,
  errors,
  usable,
  suggestions,
}: SectionProps & { usable: Host[]; suggestions: Suggestions }) {
  return (
    <fieldset>
      <legend>Container</legend>
      <Field label="Host" path="host" errors={errors}>
        <select
          value={form.host}
          {...described(errors, 'host')}
          onChange={(e) => set('host', e.target.value)}
        >
          <option value="">Choose a host…</option>
          {usable.map((h) => (
            <option key={h.id} value={h.id}>
              {h.name}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Image" path="image" errors={errors}>
        <input
          value={form.image}
          placeholder="busybox:latest"
          list={IMAGE_LIST}
          {...described(errors, 'image')}
          onChange={(e) => set('image', e.target.value)}
        />
      </Field>
      <Known id={IMAGE_LIST} values={suggestions.images} />
      <Field label="Name" path="name" errors={errors} hint="empty: a generated name">
        <input
          value={form.name}
          {...described(errors, 'name')}
          onChange={(e) => set('name', e.target.value)}
        />
      </Field>
    </fieldset>
  );
}

function ProcessSection({ form, set, errors }: SectionProps) {
  return (
    <fieldset>
      <legend>Process</legend>
      <Field label="Command" errors={errors} hint="empty: the image's">
        <input value={form.command} onChange={(e) => set('command', e.target.value)} />
      </Field>
      <Field label="Entrypoint" errors={errors} hint="empty: the image's">
        <input value={form.entrypoint} onChange={(e) => set('entrypoint', e.target.value)} />
      </Field>
      <Field label="User" errors={errors} hint="user[:group]">
        <input value={form.user} onChange={(e) => set('user', e.target.value)} />
      </Field>
      <Field label="Working directory" errors={errors}>
        <input value={form.workdir} onChange={(e) => set('workdir', e.target.value)} />
      </Field>
      <label className="cd-check">
        <input type="checkbox" checked={form.tty} onChange={(e) => set('tty', e.target.checked)} />
        Allocate a TTY
      </label>
      <label className="cd-check">
        <input
          type="checkbox"
          checked={form.interactive}
          onChange={(e) => set('interactive', e.target.checked)}
        />
        Keep stdin open
      </label>
      <label className="cd-check">
        <input
          type="checkbox"
          checked={form.autoRemove}
          onChange={(e) => set('autoRemove', e.target.checked)}
        />
        Remove when it exits
      </label>
    </fieldset>
  );
}

function NetworkSection({
  form,
  set,
  errors,
  networks,
}: SectionProps & { networks: InventoryItem[] | undefined }) {
  return (
    <fieldset>
      <legend>Network and ports</legend>
      <Field label="Network" errors={errors}>
        <select value={form.network} onChange={(e) => set('network', e.target.value)}>
          {['bridge', 'host', 'none'].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
          {(networks ?? [])
            .filter((n) => n.hostId === form.host && !['bridge', 'host', 'none'].includes(n.name))
            .map((n) => (
              <option key={n.id} value={n.name}>
                {n.name}
              </option>
            ))}
        </select>
      </Field>
      <PortRows rows={form.ports} errors={errors} onChange={(v) => set('ports', v)} />
    </fieldset>
  );
}

function LimitsSection({ form, set, errors }: SectionProps) {
  return (
    <fieldset>
      <legend>Restart policy and limits</legend>
      <Field label="Restart policy" path="restart" errors={errors}>
        <select
          value={form.restart}
          {...described(errors, 'restart')}
          onChange={(e) => set('restart', e.target.value as CreateForm['restart'])}
        >
          <option value="no">no</option>
          <option value="on-failure">on-failure</option>
          <option value="always">always</option>
          <option value="unless-stopped">unless-stopped</option>
        </select>
      </Field>
      {form.restart === 'on-failure' && (
        <Field label="Maximum retries" path="maxRetries" errors={errors} hint="0: no limit">
          <input
            value={form.maxRetries}
            {...described(errors, 'maxRetries')}
            onChange={(e) => set('maxRetries', e.target.value)}
          />
        </Field>
      )}
      <Field label="Memory limit" path="memory" errors={errors} hint="e.g. 256m, 1g">
        <input
          value={form.memory}
          {...described(errors, 'memory')}
          onChange={(e) => set('memory', e.target.value)}
        />
      </Field>
      <Field label="CPUs" path="cpus" errors={errors} hint="e.g. 0.5">
        <input
          value={form.cpus}
          {...described(errors, 'cpus')}
          onChange={(e) => set('cpus', e.target.value)}
        />
      </Field>
    </fieldset>
  );
}

/** Every part of the form but the submit row: what `docker run` would take as flags. */
export function FormSections(
  props: SectionProps & {
    usable: Host[];
    networks: InventoryItem[] | undefined;
    suggestions: Suggestions;
  },
) {
  const { form, set, errors } = props;
  return (
    <>
      <ContainerSection {...props} />
      <ProcessSection {...props} />
      <fieldset>
        <legend>Environment</legend>
        <PairRows
          title="variable"
          field="env"
          rows={form.env}
          errors={errors}
          onChange={(v) => set('env', v)}
        />
      </fieldset>
      <NetworkSection {...props} />
      <fieldset>
        <legend>Volumes and binds</legend>
        <MountRows
          rows={form.mounts}
          errors={errors}
          sourceList={VOLUME_LIST}
          onChange={(v) => set('mounts', v)}
        />
        <Known id={VOLUME_LIST} values={props.suggestions.volumes} />
      </fieldset>
      <LimitsSection {...props} />
      <fieldset>
        <legend>Labels</legend>
        <PairRows
          title="label"
          field="labels"
          rows={form.labels}
          errors={errors}
          onChange={(v) => set('labels', v)}
        />
      </fieldset>
    </>
  );
}
