'use client';

import type { Host, Job, JobPayload } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import { ErrorText, splitWords, TextField, useAction } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

import { JobTargets, targetHostIds, type Targets } from './job-targets';

type Kind = JobPayload['kind'];
const PRUNABLE = ['containers', 'images', 'volumes', 'networks'] as const;
type Prunable = (typeof PRUNABLE)[number];

interface JobForm {
  kind: Kind;
  image: string;
  name: string;
  command: string;
  prune: Prunable[];
}

function payloadOf(f: JobForm, t: Targets, hosts: readonly Host[]): JobPayload {
  const hostIds = targetHostIds(t, hosts);
  if (f.kind === 'image.pull') return { kind: f.kind, hostIds, image: f.image.trim() };
  if (f.kind === 'system.prune') return { kind: f.kind, hostIds, targets: f.prune };
  const cmd = splitWords(f.command);
  return {
    kind: 'container.run',
    ...(t.mode === 'group' ? { hostIds: [], group: t.group } : { hostIds }),
    ...(f.name.trim() ? { name: f.name.trim() } : {}),
    config: { Image: f.image.trim(), ...(cmd.length > 0 ? { Cmd: cmd } : {}) },
  };
}

function KindFields({ f, set }: { f: JobForm; set: (f: JobForm) => void }) {
  const togglePrune = (p: Prunable, on: boolean) =>
    set({ ...f, prune: on ? [...f.prune, p] : f.prune.filter((x) => x !== p) });
  return (
    <div className="adm-row">
      {f.kind !== 'system.prune' && (
        <TextField
          id="job-image"
          label="Image"
          value={f.image}
          onChange={(image) => set({ ...f, image })}
          placeholder="busybox:latest"
          required
        />
      )}
      {f.kind === 'container.run' && (
        <>
          <TextField
            id="job-name"
            label="Container name (optional)"
            value={f.name}
            onChange={(name) => set({ ...f, name })}
          />
          <TextField
            id="job-command"
            label="Command (optional)"
            value={f.command}
            onChange={(command) => set({ ...f, command })}
          />
        </>
      )}
      {f.kind === 'system.prune' && (
        <div className="adm-perm-group" role="group" aria-label="Prune">
          <strong>Remove unused</strong>
          {PRUNABLE.map((p) => (
            <label key={p} className="adm-check">
              <input
                type="checkbox"
                checked={f.prune.includes(p)}
                onChange={(e) => togglePrune(p, e.target.checked)}
              />
              {p}
            </label>
          ))}
        </div>
      )}
    </div>
  );
}

/** Starts a job on several hosts: pull an image, prune, or run a container. */
export function CreateJob({
  hosts,
  onCreated,
  onClose,
}: {
  hosts: readonly Host[];
  onCreated: (job: Job) => void;
  onClose: () => void;
}) {
  const [form, setForm] = useState<JobForm>({
    kind: 'image.pull',
    image: '',
    name: '',
    command: '',
    prune: ['containers', 'images'],
  });
  const [targets, setTargets] = useState<Targets>({ mode: 'hosts', hostIds: [], group: '' });
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const body = payloadOf(form, targets, hosts);
    await action.run(async () => onCreated(await apiFetch<Job>('/jobs', { method: 'POST', body })));
  };
  return (
    <form
      className="card adm-card adm-form"
      onSubmit={(e) => void submit(e)}
      aria-labelledby="new-job-title"
    >
      <div className="card-head">
        <h2 id="new-job-title">New job</h2>
        <button type="button" className="ghost" onClick={onClose}>
          Close
        </button>
      </div>
      <span className="adm-field">
        <label htmlFor="job-kind">Kind</label>
        <select
          id="job-kind"
          value={form.kind}
          onChange={(e) => setForm({ ...form, kind: e.target.value as Kind })}
        >
          <option value="image.pull">Pull an image</option>
          <option value="system.prune">Prune unused objects</option>
          <option value="container.run">Run a container</option>
        </select>
      </span>
      <KindFields f={form} set={setForm} />
      <JobTargets hosts={hosts} value={targets} onChange={setTargets} />
      <ErrorText error={action.error} />
      <div className="adm-actions">
        <button type="submit" className="primary" disabled={action.busy}>
          Start job
        </button>
      </div>
    </form>
  );
}
