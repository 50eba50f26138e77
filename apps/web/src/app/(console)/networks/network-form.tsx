'use client';

import type { Host } from '@wharf/contracts';
import { dockerApi } from '@wharf/web-data-access';
import {
  emptyNetworkForm,
  HostPicker,
  toNetworkCreateBody,
  validateNetwork,
  type NetworkForm,
  type NetworkFormErrors,
} from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

import { LabelsField, Panel } from '../images/image-panels';
import { useSubmit } from '../images/relay';

type TextKey = 'name' | 'subnet' | 'gateway' | 'ipRange';

const FIELDS: { key: TextKey; label: string; placeholder: string }[] = [
  { key: 'name', label: 'Name', placeholder: 'app-net' },
  { key: 'subnet', label: 'Subnet', placeholder: '172.30.0.0/24' },
  { key: 'gateway', label: 'Gateway', placeholder: '172.30.0.1' },
  { key: 'ipRange', label: 'IP range', placeholder: '172.30.0.128/25' },
];

function TextField(props: {
  field: (typeof FIELDS)[number];
  value: string;
  error: string | undefined;
  onChange: (value: string) => void;
}) {
  const id = `nv-create-${props.field.key}`;
  return (
    <span className="rs-field">
      <label htmlFor={id}>{props.field.label}</label>
      <input
        id={id}
        value={props.value}
        placeholder={props.field.placeholder}
        aria-invalid={props.error !== undefined}
        aria-describedby={`${id}-error`}
        onChange={(e) => props.onChange(e.target.value)}
      />
      <span id={`${id}-error`} className="field-error" aria-live="polite">
        {props.error ?? ''}
      </span>
    </span>
  );
}

function NetworkFields(props: {
  form: NetworkForm;
  errors: NetworkFormErrors;
  set: (patch: Partial<NetworkForm>) => void;
}) {
  const { form, errors, set } = props;
  return (
    <>
      {FIELDS.map((f) => (
        <TextField
          key={f.key}
          field={f}
          value={form[f.key]}
          error={errors[f.key]}
          onChange={(value) => set({ [f.key]: value })}
        />
      ))}
      <span className="rs-field">
        <label htmlFor="nv-create-driver">Driver</label>
        <select id="nv-create-driver" value="bridge" disabled>
          <option value="bridge">bridge</option>
        </select>
      </span>
      <label className="cd-check rs-check">
        <input
          type="checkbox"
          checked={form.internal}
          onChange={(e) => set({ internal: e.target.checked })}
        />
        Internal (no outside access)
      </label>
      <LabelsField
        id="nv-create-labels"
        value={form.labels}
        error={errors.labels}
        onChange={(labels) => set({ labels })}
      />
    </>
  );
}

/**
 * Creates a bridge network on one host. Subnet, gateway and IP range are checked here first (CIDR
 * form, gateway and range inside the subnet): a bad form shows its messages and sends nothing.
 */
export function CreateNetworkPanel(props: {
  hosts: readonly Host[];
  initialHost: string;
  onClose: () => void;
  onCreated: (message: string) => void;
}) {
  const [host, setHost] = useState(props.initialHost);
  const [form, setForm] = useState(emptyNetworkForm());
  const [checked, setChecked] = useState(false);
  const { busy, error, run } = useSubmit();
  const errors = checked ? validateNetwork(form) : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    const found = validateNetwork(form);
    const first = FIELDS.find((f) => found[f.key] !== undefined);
    if (Object.keys(found).length > 0 || host === '') {
      if (first) document.getElementById(`nv-create-${first.key}`)?.focus();
      return;
    }
    void run(async () => {
      const body = toNetworkCreateBody(form);
      await dockerApi(host, '/networks/create', { method: 'POST', body });
      props.onCreated(`Created network ${form.name.trim()}.`);
      setForm(emptyNetworkForm());
      setChecked(false);
    });
  };
  return (
    <Panel id="nv-create-title" title="Create a network" onClose={props.onClose}>
      <form className="iv-form nv-form" noValidate onSubmit={submit}>
        <HostPicker
          id="nv-create-host"
          label="Host"
          hosts={props.hosts}
          value={host}
          onChange={setHost}
        />
        <NetworkFields form={form} errors={errors} set={(p) => setForm((f) => ({ ...f, ...p }))} />
        <button type="submit" className="primary" disabled={busy || host === ''}>
          {busy ? 'Creating…' : 'Create'}
        </button>
      </form>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Panel>
  );
}
