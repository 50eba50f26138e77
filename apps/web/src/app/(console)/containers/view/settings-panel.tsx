'use client';

import {
  containerName,
  dockerApi,
  errorMessage,
  type ContainerInspect,
} from '@wharf/web-data-access';
import { useState, type FormEvent } from 'react';

const MIB = 1024 * 1024;
const POLICIES = ['no', 'always', 'unless-stopped', 'on-failure'] as const;

function useSubmit(onDone: () => Promise<void>) {
  const [state, setState] = useState<{ busy?: boolean; error?: string; notice?: string }>({});
  const submit = (call: () => Promise<unknown>, notice: string) => (e: FormEvent) => {
    e.preventDefault();
    setState({ busy: true });
    call()
      .then(onDone)
      .then(
        () => setState({ notice }),
        (err: unknown) => setState({ error: errorMessage(err) }),
      );
  };
  return { state, submit };
}

function Feedback({ error, notice }: { error?: string; notice?: string }) {
  if (error)
    return (
      <p className="error" role="alert">
        {error}
      </p>
    );
  return notice ? (
    <p className="notice" role="status">
      {notice}
    </p>
  ) : null;
}

function RenameForm({
  host,
  c,
  onDone,
}: {
  host: string;
  c: ContainerInspect;
  onDone: () => Promise<void>;
}) {
  const [name, setName] = useState(containerName(c));
  const { state, submit } = useSubmit(onDone);
  const path = `/containers/${encodeURIComponent(c.Id)}/rename?name=${encodeURIComponent(name.trim())}`;
  return (
    <form
      className="card cd-form"
      aria-label="Rename"
      onSubmit={submit(() => dockerApi(host, path, { method: 'POST' }), 'Renamed.')}
    >
      <h2>Rename</h2>
      <label htmlFor="cd-name">New name</label>
      <div className="cd-inline">
        <input id="cd-name" value={name} onChange={(e) => setName(e.target.value)} required />
        <button
          type="submit"
          className="primary"
          disabled={state.busy || name.trim() === containerName(c)}
        >
          Rename
        </button>
      </div>
      <Feedback {...state} />
    </form>
  );
}

const numberOrZero = (text: string, scale: number) => {
  const n = Number(text);
  return text.trim() === '' || !Number.isFinite(n) ? 0 : Math.round(n * scale);
};

function NumberField(props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  step?: string;
  disabled?: boolean;
}) {
  return (
    <div>
      <label htmlFor={props.id}>{props.label}</label>
      <input
        id={props.id}
        type="number"
        min={0}
        step={props.step}
        placeholder="unlimited"
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

function updateBody(f: {
  policy: string;
  retries: string;
  memory: string;
  cpus: string;
  pids: string;
}) {
  return {
    RestartPolicy: {
      Name: f.policy,
      MaximumRetryCount: f.policy === 'on-failure' ? numberOrZero(f.retries, 1) : 0,
    },
    Memory: numberOrZero(f.memory, MIB),
    NanoCpus: numberOrZero(f.cpus, 1e9),
    PidsLimit: numberOrZero(f.pids, 1),
  };
}

function PolicySelect({ value, onChange }: { value: string; onChange: (v: string) => void }) {
  return (
    <div>
      <label htmlFor="cd-policy">Restart policy</label>
      <select id="cd-policy" value={value} onChange={(e) => onChange(e.target.value)}>
        {POLICIES.map((p) => (
          <option key={p} value={p}>
            {p}
          </option>
        ))}
      </select>
    </div>
  );
}

function UpdateForm({
  host,
  c,
  onDone,
}: {
  host: string;
  c: ContainerInspect;
  onDone: () => Promise<void>;
}) {
  const hc = c.HostConfig;
  const [policy, setPolicy] = useState(hc.RestartPolicy?.Name || 'no');
  const [retries, setRetries] = useState(String(hc.RestartPolicy?.MaximumRetryCount ?? 0));
  const [memory, setMemory] = useState(hc.Memory ? String(hc.Memory / MIB) : '');
  const [cpus, setCpus] = useState(hc.NanoCpus ? String(hc.NanoCpus / 1e9) : '');
  const [pids, setPids] = useState(hc.PidsLimit && hc.PidsLimit > 0 ? String(hc.PidsLimit) : '');
  const { state, submit } = useSubmit(onDone);
  const body = updateBody({ policy, retries, memory, cpus, pids });
  const call = () =>
    dockerApi(host, `/containers/${encodeURIComponent(c.Id)}/update`, { method: 'POST', body });
  return (
    <form
      className="card cd-form"
      aria-label="Restart policy and limits"
      onSubmit={submit(call, 'Saved.')}
    >
      <h2>Restart policy and limits</h2>
      <div className="cd-grid">
        <PolicySelect value={policy} onChange={setPolicy} />
        <NumberField
          id="cd-retries"
          label="Maximum retries"
          value={retries}
          onChange={setRetries}
          disabled={policy !== 'on-failure'}
        />
        <NumberField
          id="cd-memory"
          label="Memory limit (MiB)"
          value={memory}
          onChange={setMemory}
          step="any"
        />
        <NumberField id="cd-cpus" label="CPUs" value={cpus} onChange={setCpus} step="0.01" />
        <NumberField id="cd-pids" label="Process limit" value={pids} onChange={setPids} />
      </div>
      <p className="hint">Empty means unlimited. Limits apply to the running container at once.</p>
      <button type="submit" className="primary" disabled={state.busy}>
        Save
      </button>
      <Feedback {...state} />
    </form>
  );
}

/** Rename and update (restart policy, memory, CPUs, PIDs), for users who may operate it. */
export function SettingsPanel({
  host,
  c,
  onDone,
}: {
  host: string;
  c: ContainerInspect;
  onDone: () => Promise<void>;
}) {
  return (
    <div className="cd-settings">
      <RenameForm key={`name-${c.Name}`} host={host} c={c} onDone={onDone} />
      <UpdateForm key={`update-${c.Id}`} host={host} c={c} onDone={onDone} />
    </div>
  );
}
