/**
 * The create-container form as plain data: validation with messages per field, the Docker
 * `POST /containers/create` body it stands for, and the form of an existing container (duplicate).
 */
export interface KeyValue {
  key: string;
  value: string;
}
export interface PortRow {
  hostIp: string;
  hostPort: string;
  containerPort: string;
  protocol: 'tcp' | 'udp';
}
export interface MountRow {
  source: string;
  target: string;
  readOnly: boolean;
}
export type RestartName = 'no' | 'on-failure' | 'always' | 'unless-stopped';

export interface CreateForm {
  host: string;
  image: string;
  name: string;
  command: string;
  entrypoint: string;
  env: KeyValue[];
  ports: PortRow[];
  mounts: MountRow[];
  network: string;
  restart: RestartName;
  maxRetries: string;
  memory: string;
  cpus: string;
  user: string;
  workdir: string;
  labels: KeyValue[];
  tty: boolean;
  interactive: boolean;
  /** `--rm`: the engine removes the container when it exits. */
  autoRemove: boolean;
}

export const emptyForm = (host = ''): CreateForm => ({
  host,
  image: '',
  name: '',
  command: '',
  entrypoint: '',
  env: [],
  ports: [],
  mounts: [],
  network: 'bridge',
  restart: 'no',
  maxRetries: '',
  memory: '',
  cpus: '',
  user: '',
  workdir: '',
  labels: [],
  tty: false,
  interactive: false,
  autoRemove: false,
});

/** Field path (`image`, `ports.0.hostPort`) → message. Empty when the form may be sent. */
export type FormErrors = Record<string, string>;

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const MEMORY = /^(\d+(?:\.\d+)?)\s*([bkmg]?)i?b?$/i;
const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const MIN_MEMORY = 6 * 1024 * 1024;

/** `512m`, `1g`, `1.5GiB` → bytes; undefined when it is not a size. */
export function parseMemory(text: string): number | undefined {
  const match = MEMORY.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] ?? 1));
}

/** Splits a command line into words as a shell would for plain quoting (no expansions). */
export function splitWords(text: string): string[] {
  const words: string[] = [];
  let word = '';
  let quote: string | undefined;
  let inWord = false;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = undefined;
      else word += ch;
    } else if (ch === '"' || ch === "'") {
      quote = ch;
      inWord = true;
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += ch;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return words;
}

/** A word `splitWords` reads back as it was (a single quote is closed, given in "", reopened). */
const quoteWord = (w: string): string =>
  /^[\w@%+=:,./-]+$/.test(w) ? w : `'${w.replaceAll("'", `'"'"'`)}'`;
export const joinWords = (words: readonly string[] | null | undefined): string =>
  (words ?? []).map(quoteWord).join(' ');

const isPort = (text: string): boolean => /^\d+$/.test(text) && +text >= 1 && +text <= 65535;

function portErrors(ports: PortRow[], errors: FormErrors): void {
  ports.forEach((p, i) => {
    if (!isPort(p.containerPort))
      errors[`ports.${i}.containerPort`] = 'a port is a number from 1 to 65535';
    if (p.hostPort !== '' && !isPort(p.hostPort))
      errors[`ports.${i}.hostPort`] = 'a port is a number from 1 to 65535 (or empty for any)';
    if (p.hostIp !== '' && !/^[\d.]+$|^[0-9a-f:]+$/i.test(p.hostIp))
      errors[`ports.${i}.hostIp`] = 'an IP address, or empty for all';
  });
}

function limitErrors(form: CreateForm, errors: FormErrors): void {
  if (form.memory !== '') {
    const bytes = parseMemory(form.memory);
    if (bytes === undefined) errors['memory'] = 'a size such as 512m or 1g';
    else if (bytes < MIN_MEMORY) errors['memory'] = 'at least 6m (the engine refuses less)';
  }
  if (form.cpus !== '' && !(Number(form.cpus) > 0)) errors['cpus'] = 'a number above 0, e.g. 0.5';
  if (form.restart === 'on-failure' && form.maxRetries !== '' && !/^\d+$/.test(form.maxRetries))
    errors['maxRetries'] = 'a whole number';
  if (form.autoRemove && form.restart !== 'no')
    errors['restart'] = 'a container removed when it exits cannot be restarted: choose "no"';
}

export function validate(form: CreateForm): FormErrors {
  const errors: FormErrors = {};
  if (form.host === '') errors['host'] = 'choose a host';
  if (form.image.trim() === '') errors['image'] = 'an image is required';
  else if (/\s/.test(form.image.trim())) errors['image'] = 'an image reference has no spaces';
  if (form.name !== '' && !NAME.test(form.name))
    errors['name'] = 'letters, digits, _ . - (at least 2, starting with a letter or digit)';
  form.env.forEach((e, i) => {
    if (e.key === '' || /[=\s]/.test(e.key)) errors[`env.${i}.key`] = 'a name without = or spaces';
  });
  form.labels.forEach((l, i) => {
    if (l.key === '') errors[`labels.${i}.key`] = 'a label needs a key';
  });
  form.mounts.forEach((m, i) => {
    if (m.source === '') errors[`mounts.${i}.source`] = 'a volume name or a host path';
    if (!m.target.startsWith('/'))
      errors[`mounts.${i}.target`] = 'an absolute path in the container';
  });
  portErrors(form.ports, errors);
  limitErrors(form, errors);
  return errors;
}

/** The Docker Engine API create body (and the name for `?name=`). */
export function toCreateBody(form: CreateForm): { name: string; body: Record<string, unknown> } {
  const exposed: Record<string, object> = {};
  const bindings: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of form.ports) {
    const key = `${p.containerPort}/${p.protocol}`;
    exposed[key] = {};
    bindings[key] = [...(bindings[key] ?? []), { HostIp: p.hostIp, HostPort: p.hostPort }];
  }
  const command = splitWords(form.command);
  const entrypoint = splitWords(form.entrypoint);
  const memory = form.memory === '' ? undefined : parseMemory(form.memory);
  return {
    name: form.name,
    body: {
      Image: form.image.trim(),
      ...(command.length > 0 ? { Cmd: command } : {}),
      ...(entrypoint.length > 0 ? { Entrypoint: entrypoint } : {}),
      Env: form.env.map((e) => `${e.key}=${e.value}`),
      Labels: Object.fromEntries(form.labels.map((l) => [l.key, l.value])),
      ExposedPorts: exposed,
      User: form.user,
      WorkingDir: form.workdir,
      Tty: form.tty,
      OpenStdin: form.interactive,
      AttachStdin: false,
      HostConfig: {
        PortBindings: bindings,
        Binds: form.mounts.map((m) => `${m.source}:${m.target}${m.readOnly ? ':ro' : ''}`),
        NetworkMode: form.network,
        AutoRemove: form.autoRemove,
        RestartPolicy: {
          Name: form.restart,
          MaximumRetryCount: form.restart === 'on-failure' ? Number(form.maxRetries || 0) : 0,
        },
        ...(memory === undefined ? {} : { Memory: memory }),
        ...(form.cpus === '' ? {} : { NanoCpus: Math.round(Number(form.cpus) * 1e9) }),
      },
    },
  };
}

/** What the form needs from `GET /containers/{id}/json`. */
export interface InspectForForm {
  Name: string;
  Config: {
    Image?: string;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    Env?: string[] | null;
    Labels?: Record<string, string> | null;
    Tty?: boolean;
    OpenStdin?: boolean;
    User?: string;
    WorkingDir?: string;
  };
  HostConfig: {
    Binds?: string[] | null;
    NetworkMode?: string;
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[] | null> | null;
    RestartPolicy?: { Name?: string; MaximumRetryCount?: number };
    Memory?: number;
    NanoCpus?: number;
    AutoRemove?: boolean;
  };
}

const pair = (text: string): KeyValue => {
  const at = text.indexOf('=');
  return at < 0 ? { key: text, value: '' } : { key: text.slice(0, at), value: text.slice(at + 1) };
};

/** The form that recreates a container (duplicate or edit); owner labels are the server's to set. */
export function fromInspect(host: string, c: InspectForForm): CreateForm {
  const ports = Object.entries(c.HostConfig.PortBindings ?? {}).flatMap(([key, list]) => {
    const [port = '', protocol = 'tcp'] = key.split('/');
    return (list ?? []).map((b) => ({
      hostIp: b.HostIp ?? '',
      hostPort: b.HostPort ?? '',
      containerPort: port,
      protocol: protocol === 'udp' ? ('udp' as const) : ('tcp' as const),
    }));
  });
  const mounts = (c.HostConfig.Binds ?? []).map((b) => {
    const [source = '', target = '', mode = ''] = b.split(':');
    return { source, target, readOnly: mode.split(',').includes('ro') };
  });
  const restart = (c.HostConfig.RestartPolicy?.Name || 'no') as RestartName;
  return {
    ...emptyForm(host),
    image: c.Config.Image ?? '',
    name: c.Name.replace(/^\//, ''),
    command: joinWords(c.Config.Cmd),
    entrypoint: joinWords(c.Config.Entrypoint),
    env: (c.Config.Env ?? []).map(pair),
    labels: Object.entries(c.Config.Labels ?? {})
      .filter(([k]) => !k.startsWith('wharf.owner.'))
      .map(([key, value]) => ({ key, value })),
    ports,
    mounts,
    network: c.HostConfig.NetworkMode || 'bridge',
    restart,
    maxRetries:
      restart === 'on-failure' ? String(c.HostConfig.RestartPolicy?.MaximumRetryCount ?? 0) : '',
    memory: c.HostConfig.Memory ? `${Math.round(c.HostConfig.Memory / 1024 / 1024)}m` : '',
    cpus: c.HostConfig.NanoCpus ? String(c.HostConfig.NanoCpus / 1e9) : '',
    user: c.Config.User ?? '',
    workdir: c.Config.WorkingDir ?? '',
    tty: !!c.Config.Tty,
    interactive: !!c.Config.OpenStdin,
    autoRemove: !!c.HostConfig.AutoRemove,
  };
}
