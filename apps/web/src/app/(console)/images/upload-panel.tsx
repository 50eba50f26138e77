'use client';

import type { Host } from '@wharf/contracts';
import { errorMessage } from '@wharf/web-data-access';
import { HostPicker } from '@wharf/web-ui';
import { useState, type FormEvent } from 'react';

import { Panel } from './image-panels';
import { relayLines } from './relay';

/** The server relays request bodies up to this size. */
const MAX_UPLOAD = 8 * 1024 * 1024;

function useUpload() {
  const [busy, setBusy] = useState(false);
  const [lines, setLines] = useState<string[]>([]);
  const [error, setError] = useState<string>();
  const upload = async (host: string, file: File) => {
    setBusy(true);
    setLines([]);
    setError(undefined);
    try {
      const init = { method: 'POST', body: file, contentType: 'application/x-tar' };
      await relayLines(host, '/images/load', init, (line) => {
        const failure = line.errorDetail?.message ?? line.error;
        if (failure !== undefined) setError(failure);
        const text = (line.stream ?? line.status ?? '').trim();
        if (text) setLines((old) => [...old, text]);
      });
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  return { busy, lines, error, upload };
}

/** Loads a `docker save` archive on one host (`POST /images/load` with the tar as the body). */
export function UploadPanel({
  hosts,
  initialHost,
  onClose,
}: {
  hosts: readonly Host[];
  initialHost: string;
  onClose: () => void;
}) {
  const [host, setHost] = useState(initialHost);
  const [file, setFile] = useState<File>();
  const { busy, lines, error, upload } = useUpload();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (file && host !== '') void upload(host, file);
  };
  return (
    <Panel id="iv-upload-title" title="Load an image archive" onClose={onClose}>
      <form className="iv-form" onSubmit={submit}>
        <HostPicker
          id="iv-upload-host"
          label="Host"
          hosts={hosts}
          value={host}
          onChange={setHost}
        />
        <span className="rs-field rs-grow">
          <label htmlFor="iv-upload-file">Archive (docker save .tar)</label>
          <input
            id="iv-upload-file"
            type="file"
            required
            accept=".tar,application/x-tar"
            onChange={(e) => setFile(e.target.files?.[0])}
          />
        </span>
        <button type="submit" className="primary" disabled={busy || !file || host === ''}>
          {busy ? 'Loading…' : 'Load'}
        </button>
      </form>
      {file && file.size > MAX_UPLOAD && (
        <p className="hint">This archive is larger than the 8 MiB the server relays.</p>
      )}
      {lines.length > 0 && (
        <ul className="iv-messages small" role="status">
          {lines.map((l, i) => (
            <li key={i}>{l}</li>
          ))}
        </ul>
      )}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </Panel>
  );
}
