'use client';

import type { Host } from '@wharf/contracts';
import { apiFetch } from '@wharf/web-data-access';
import {
  ConfirmDialog,
  ErrorText,
  FormDialog,
  parseLabels,
  TextField,
  useAction,
} from '@wharf/web-ui';
import { useState } from 'react';

const GROUP = /^[a-z0-9][a-z0-9_.-]{0,62}$/;

function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n');
}

function EditHost({ host, onClose }: { host: Host; onClose: () => void }) {
  const [groups, setGroups] = useState(host.groups.join(', '));
  const [labels, setLabels] = useState(labelsText(host.labels));
  const action = useAction();
  const [invalid, setInvalid] = useState<string>();
  const save = async () => {
    const parsed = parseLabels(labels);
    const list = groups.split(/[\s,]+/).filter((g) => g !== '');
    const bad = list.find((g) => !GROUP.test(g));
    const problem =
      typeof parsed === 'string'
        ? parsed
        : bad
          ? `"${bad}" is not a group name (a-z, 0-9, . _ -)`
          : undefined;
    setInvalid(problem);
    if (problem !== undefined || typeof parsed === 'string') return;
    const body = { labels: parsed, groups: list };
    if (await action.run(() => apiFetch(`/hosts/${host.id}`, { method: 'PATCH', body }))) onClose();
  };
  return (
    <FormDialog
      title={`Groups and labels of ${host.name}`}
      submitLabel="Save"
      busy={action.busy}
      onSubmit={() => void save()}
      onCancel={onClose}
    >
      <TextField
        id="host-groups"
        label="Groups"
        value={groups}
        onChange={setGroups}
        hint="comma-separated; role bindings and jobs can target a group"
      />
      <label htmlFor="host-labels">Labels</label>
      <textarea
        id="host-labels"
        className="adm-textarea"
        rows={4}
        value={labels}
        onChange={(e) => setLabels(e.target.value)}
        aria-describedby="host-labels-hint"
      />
      <span className="hint" id="host-labels-hint">
        one key=value per line
      </span>
      <ErrorText error={invalid ?? action.error} />
    </FormDialog>
  );
}

const DANGER = {
  revoke: {
    title: 'Revoke the certificate of',
    label: 'Revoke',
    text: 'Its agent is disconnected at once and refused from then on; the host stays listed (offline). To bring it back, remove it and join it again.',
  },
  remove: {
    title: 'Remove',
    label: 'Remove host',
    text: 'The host, its recorded state and its certificate are removed and its agent is told to stop. Containers on the machine keep running.',
  },
} as const;

function Dangerous({
  host,
  kind,
  onClose,
}: {
  host: Host;
  kind: keyof typeof DANGER;
  onClose: () => void;
}) {
  const action = useAction();
  const d = DANGER[kind];
  const confirm = async () => {
    const call =
      kind === 'remove'
        ? () => apiFetch(`/hosts/${host.id}`, { method: 'DELETE' })
        : () => apiFetch(`/hosts/${host.id}/revoke`, { method: 'POST' });
    if (await action.run(call)) onClose();
  };
  return (
    <ConfirmDialog
      title={`${d.title} ${host.name}?`}
      confirmLabel={d.label}
      onConfirm={() => void confirm()}
      onCancel={onClose}
    >
      <p>{d.text}</p>
      <ErrorText error={action.error} />
    </ConfirmDialog>
  );
}

/** Has the agent make a new key and get a new certificate now (the host must be online). */
function RotateCertificate({ host, onClose }: { host: Host; onClose: () => void }) {
  const action = useAction();
  const rotate = async () => {
    if (await action.run(() => apiFetch(`/hosts/${host.id}/rotate`, { method: 'POST' }))) onClose();
  };
  const expires = host.certificateExpiresAt
    ? new Date(host.certificateExpiresAt).toLocaleString()
    : 'unknown';
  return (
    <FormDialog
      title={`Rotate the certificate of ${host.name}?`}
      submitLabel="Rotate certificate"
      busy={action.busy}
      onSubmit={() => void rotate()}
      onCancel={onClose}
    >
      <p>
        The agent makes a new key and gets a new certificate now; the current one (valid until{' '}
        {expires}) is refused from then on. Agents also do this by themselves before expiry.
      </p>
      <ErrorText error={action.error} />
    </FormDialog>
  );
}

/** Edit groups and labels, rotate or revoke the certificate, remove: each behind a dialog. */
export function HostActions({ host }: { host: Host }) {
  const [open, setOpen] = useState<'edit' | 'rotate' | 'revoke' | 'remove'>();
  const close = () => setOpen(undefined);
  return (
    <div className="adm-buttons" role="group" aria-label={`Actions for ${host.name}`}>
      <button type="button" onClick={() => setOpen('edit')}>
        Edit
      </button>
      <button
        type="button"
        disabled={host.status !== 'online'}
        title={host.status === 'online' ? undefined : 'The agent must be online to rotate'}
        onClick={() => setOpen('rotate')}
      >
        Rotate
      </button>
      <button type="button" className="danger" onClick={() => setOpen('revoke')}>
        Revoke
      </button>
      <button type="button" className="danger" onClick={() => setOpen('remove')}>
        Remove
      </button>
      {open === 'edit' && <EditHost host={host} onClose={close} />}
      {open === 'rotate' && <RotateCertificate host={host} onClose={close} />}
      {(open === 'revoke' || open === 'remove') && (
        <Dangerous host={host} kind={open} onClose={close} />
      )}
    </div>
  );
}
