'use client';

import type { FormErrors, KeyValue, MountRow, PortRow } from '@wharf/web-ui';

export function FieldError({ errors, path }: { errors: FormErrors; path: string }) {
  const message = errors[path];
  return message ? (
    <p className="field-error" id={`err-${path}`}>
      {message}
    </p>
  ) : null;
}

/** Props that tie an input to its error message for screen readers. */
export const described = (errors: FormErrors, path: string) =>
  errors[path]
    ? { 'aria-invalid': true as const, 'aria-describedby': `err-${path}` }
    : { 'aria-invalid': false as const };

function replaceAt<T>(list: T[], index: number, value: T): T[] {
  return list.map((item, i) => (i === index ? value : item));
}

/** Rows of key=value (env, labels) with add and remove. */
export function PairRows({
  title,
  field,
  rows,
  errors,
  onChange,
}: {
  title: string;
  field: 'env' | 'labels';
  rows: KeyValue[];
  errors: FormErrors;
  onChange: (rows: KeyValue[]) => void;
}) {
  return (
    <div className="ct-pairs">
      {rows.map((row, i) => (
        <div className="ct-pair" key={i}>
          <div className="ct-cell">
            <label>
              <span className="sr-only">{`${title} ${i + 1} name`}</span>
              <input
                placeholder="NAME"
                value={row.key}
                {...described(errors, `${field}.${i}.key`)}
                onChange={(e) => onChange(replaceAt(rows, i, { ...row, key: e.target.value }))}
              />
            </label>
            <FieldError errors={errors} path={`${field}.${i}.key`} />
          </div>
          <label className="ct-cell">
            <span className="sr-only">{`${title} ${i + 1} value`}</span>
            <input
              placeholder="value"
              value={row.value}
              onChange={(e) => onChange(replaceAt(rows, i, { ...row, value: e.target.value }))}
            />
          </label>
          <button
            type="button"
            aria-label={`Remove ${title} ${i + 1}`}
            onClick={() => onChange(rows.filter((_, n) => n !== i))}
          >
            ✕
          </button>
        </div>
      ))}
      <div>
        <button type="button" onClick={() => onChange([...rows, { key: '', value: '' }])}>
          Add {title}
        </button>
      </div>
    </div>
  );
}

function PortRowEditor({
  row,
  i,
  errors,
  onChange,
  onRemove,
}: {
  row: PortRow;
  i: number;
  errors: FormErrors;
  onChange: (row: PortRow) => void;
  onRemove: () => void;
}) {
  const input = (
    key: 'hostIp' | 'hostPort' | 'containerPort',
    label: string,
    placeholder: string,
  ) => (
    <div className="ct-cell">
      <label>
        <span className="sr-only">{`Port ${i + 1} ${label}`}</span>
        <input
          placeholder={placeholder}
          value={row[key]}
          {...described(errors, `ports.${i}.${key}`)}
          onChange={(e) => onChange({ ...row, [key]: e.target.value })}
        />
      </label>
      <FieldError errors={errors} path={`ports.${i}.${key}`} />
    </div>
  );
  return (
    <div className="ct-pair">
      {input('hostIp', 'host IP', 'host IP (all)')}
      {input('hostPort', 'host port', 'host port (any)')}
      {input('containerPort', 'container port', 'container port')}
      <label className="ct-cell ct-narrow">
        <span className="sr-only">{`Port ${i + 1} protocol`}</span>
        <select
          value={row.protocol}
          onChange={(e) => onChange({ ...row, protocol: e.target.value as 'tcp' | 'udp' })}
        >
          <option value="tcp">tcp</option>
          <option value="udp">udp</option>
        </select>
      </label>
      <button type="button" aria-label={`Remove port ${i + 1}`} onClick={onRemove}>
        ✕
      </button>
    </div>
  );
}

export function PortRows({
  rows,
  errors,
  onChange,
}: {
  rows: PortRow[];
  errors: FormErrors;
  onChange: (rows: PortRow[]) => void;
}) {
  return (
    <div className="ct-pairs">
      {rows.map((row, i) => (
        <PortRowEditor
          key={i}
          row={row}
          i={i}
          errors={errors}
          onChange={(next) => onChange(replaceAt(rows, i, next))}
          onRemove={() => onChange(rows.filter((_, n) => n !== i))}
        />
      ))}
      <div>
        <button
          type="button"
          onClick={() =>
            onChange([...rows, { hostIp: '', hostPort: '', containerPort: '', protocol: 'tcp' }])
          }
        >
          Add port
        </button>
      </div>
    </div>
  );
}

function MountRowEditor({
  row,
  i,
  errors,
  sourceList,
  onChange,
  onRemove,
}: {
  row: MountRow;
  i: number;
  errors: FormErrors;
  sourceList: string | undefined;
  onChange: (row: MountRow) => void;
  onRemove: () => void;
}) {
  const input = (key: 'source' | 'target', label: string, placeholder: string) => (
    <div className="ct-cell">
      <label>
        <span className="sr-only">{`Mount ${i + 1} ${label}`}</span>
        <input
          placeholder={placeholder}
          list={key === 'source' ? sourceList : undefined}
          value={row[key]}
          {...described(errors, `mounts.${i}.${key}`)}
          onChange={(e) => onChange({ ...row, [key]: e.target.value })}
        />
      </label>
      <FieldError errors={errors} path={`mounts.${i}.${key}`} />
    </div>
  );
  return (
    <div className="ct-pair">
      {input('source', 'source', 'volume name or /host/path')}
      {input('target', 'path in the container', '/path/in/container')}
      <label className="cd-check">
        <input
          type="checkbox"
          checked={row.readOnly}
          onChange={(e) => onChange({ ...row, readOnly: e.target.checked })}
        />
        read-only
      </label>
      <button type="button" aria-label={`Remove mount ${i + 1}`} onClick={onRemove}>
        ✕
      </button>
    </div>
  );
}

export function MountRows({
  rows,
  errors,
  sourceList,
  onChange,
}: {
  rows: MountRow[];
  errors: FormErrors;
  /** Id of a datalist of volume names offered for the source. */
  sourceList?: string;
  onChange: (rows: MountRow[]) => void;
}) {
  return (
    <div className="ct-pairs">
      {rows.map((row, i) => (
        <MountRowEditor
          key={i}
          row={row}
          i={i}
          errors={errors}
          sourceList={sourceList}
          onChange={(next) => onChange(replaceAt(rows, i, next))}
          onRemove={() => onChange(rows.filter((_, n) => n !== i))}
        />
      ))}
      <div>
        <button
          type="button"
          onClick={() => onChange([...rows, { source: '', target: '', readOnly: false }])}
        >
          Add volume or bind
        </button>
      </div>
    </div>
  );
}
