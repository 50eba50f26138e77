'use client';

import type { Host, InventoryItem } from '@wharf/contracts';
import { dockerApi } from '@wharf/web-data-access';
import { HostPicker, JsonViewer, LabelChips, parseLabels } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

import { Facts, LabelsField, Panel } from '../images/image-panels';
import { useRelayGet, useSubmit } from '../images/relay';

/** What `GET /volumes` and `GET /volumes/<name>` say about one volume. */
export interface EngineVolume {
  Name: string;
  Driver: string;
  Mountpoint: string;
  CreatedAt?: string;
  Labels: Record<string, string> | null;
  Scope?: string;
  Options?: Record<string, string> | null;
}

export const volumesOf = (body: unknown): EngineVolume[] =>
  (body as { Volumes?: EngineVolume[] | null }).Volumes ?? [];

/** Creates a named volume on one host (`POST /volumes/create`). */
export function CreateVolumePanel(props: {
  hosts: readonly Host[];
  initialHost: string;
  onClose: () => void;
  onCreated: (message: string) => void;
}) {
  const [host, setHost] = useState(props.initialHost);
  const [name, setName] = useState('');
  const [labels, setLabels] = useState('');
  const { busy, error, run } = useSubmit();
  const parsed = parseLabels(labels);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (typeof parsed === 'string' || host === '') return;
    const body = { Name: name.trim(), Driver: 'local', Labels: parsed };
    void run(async () => {
      const made = await dockerApi<EngineVolume>(host, '/volumes/create', { method: 'POST', body });
      setName('');
      setLabels('');
      props.onCreated(`Created volume ${made.Name}.`);
    });
  };
  return (
    <Panel id="vv-create-title" title="Create a volume" onClose={props.onClose}>
      <form className="iv-form" onSubmit={submit}>
        <HostPicker
          id="vv-create-host"
          label="Host"
          hosts={props.hosts}
          value={host}
          onChange={setHost}
        />
        <span className="rs-field rs-grow">
          <label htmlFor="vv-create-name">Name</label>
          <input
            id="vv-create-name"
            value={name}
            placeholder="empty for a generated name"
            onChange={(e) => setName(e.target.value)}
          />
        </span>
        <LabelsField
          id="vv-create-labels"
          value={labels}
          error={typeof parsed === 'string' ? parsed : undefined}
          onChange={setLabels}
        />
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

/** One volume's details (`GET /volumes/<name>`): mountpoint, driver, labels and the raw JSON. */
export function InspectVolumePanel({
  item,
  onClose,
}: {
  item: InventoryItem;
  onClose: () => void;
}) {
  const { data: volume, error } = useRelayGet<EngineVolume>(
    item.hostId,
    `/volumes/${encodeURIComponent(item.id)}`,
  );
  return (
    <Panel id="vv-inspect-title" title={`Volume ${item.name}`} onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!volume && !error && (
        <p className="muted loading" role="status">
          Loading volume…
        </p>
      )}
      {volume && (
        <>
          <Facts
            label="Volume details"
            facts={[
              ['Driver', volume.Driver],
              ['Mountpoint', <code key="m">{volume.Mountpoint}</code>],
              ['Created', volume.CreatedAt ?? '—'],
              ['Labels', <LabelChips key="l" labels={volume.Labels ?? {}} />],
            ]}
          />
          <JsonViewer value={volume} label="Volume JSON" />
        </>
      )}
    </Panel>
  );
}
