import { AppError } from '@wharf/errors';

import type { ContainerConfigDefaults } from './image-record';

/** Dockerfile instructions `docker import -c` and `docker commit -c` accept. */
const SUPPORTED = [
  'CMD',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'LABEL',
  'ONBUILD',
  'USER',
  'VOLUME',
  'WORKDIR',
  'STOPSIGNAL',
];

/** JSON-array form `["a","b"]`, else the shell form wrapped in `/bin/sh -c` as Docker does. */
function commandForm(value: string): string[] {
  const trimmed = value.trim();
  if (trimmed.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (Array.isArray(parsed) && parsed.every((p) => typeof p === 'string')) return parsed;
    } catch {
      // Docker falls back to the shell form when the JSON does not parse.
    }
  }
  return ['/bin/sh', '-c', trimmed];
}

/** `KEY=value KEY2="x y"` or the legacy `KEY value`. */
function keyValues(value: string): [string, string][] {
  const pairs: [string, string][] = [];
  const pattern = /([^\s=]+)=("(?:[^"\\]|\\.)*"|'[^']*'|\S*)/g;
  if (!value.includes('=')) {
    const [key = '', ...rest] = value.trim().split(/\s+/);
    return [[key, rest.join(' ')]];
  }
  for (const match of value.matchAll(pattern)) {
    const raw = match[2] ?? '';
    const unquoted = /^".*"$/.test(raw)
      ? (JSON.parse(raw) as string)
      : raw.replace(/^'(.*)'$/, '$1');
    pairs.push([match[1] ?? '', unquoted]);
  }
  return pairs;
}

function applyChange(config: ContainerConfigDefaults, instruction: string, value: string): void {
  switch (instruction) {
    case 'CMD':
      config.Cmd = commandForm(value);
      break;
    case 'ENTRYPOINT':
      config.Entrypoint = commandForm(value);
      break;
    case 'ENV': {
      const env = new Map((config.Env ?? []).map((e) => [e.split('=')[0] ?? '', e]));
      for (const [k, v] of keyValues(value)) env.set(k, `${k}=${v}`);
      config.Env = [...env.values()];
      break;
    }
    case 'LABEL':
      config.Labels = { ...(config.Labels ?? {}), ...Object.fromEntries(keyValues(value)) };
      break;
    case 'EXPOSE':
      config.ExposedPorts = {
        ...(config.ExposedPorts ?? {}),
        ...Object.fromEntries(
          value
            .trim()
            .split(/\s+/)
            .map((p) => [p.includes('/') ? p : `${p}/tcp`, {}]),
        ),
      };
      break;
    case 'VOLUME': {
      const paths = value.trim().startsWith('[') ? commandForm(value) : value.trim().split(/\s+/);
      config.Volumes = {
        ...(config.Volumes ?? {}),
        ...Object.fromEntries(paths.map((p) => [p, {}])),
      };
      break;
    }
    case 'USER':
      config.User = value.trim();
      break;
    case 'WORKDIR':
      config.WorkingDir = value.trim();
      break;
    case 'STOPSIGNAL':
      config.StopSignal = value.trim();
      break;
    case 'ONBUILD':
      config.OnBuild = [...(config.OnBuild ?? []), value.trim()];
      break;
  }
}

/** Applies `-c` changes to an image config; an unknown instruction is Docker's 400. */
export function applyConfigChanges(
  base: ContainerConfigDefaults,
  changes: string[],
): ContainerConfigDefaults {
  const config: ContainerConfigDefaults = structuredClone(base);
  for (const change of changes) {
    const match = /^\s*(\w+)\s+([\s\S]*)$/.exec(change);
    const instruction = match?.[1]?.toUpperCase() ?? '';
    if (!match || !SUPPORTED.includes(instruction)) {
      throw new AppError(
        'InvalidArgument',
        'BAD_CHANGE',
        `${instruction || change} is not a valid change command`,
      );
    }
    applyChange(config, instruction, match[2] ?? '');
  }
  return config;
}
