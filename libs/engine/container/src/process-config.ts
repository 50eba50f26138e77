import { AppError } from '@wharf/errors';

import type { ContainerConfig } from './container-types';

const DEFAULT_PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Image env first, then the container's (same key replaces); PATH defaults like Docker. */
export function mergeEnv(imageEnv: string[], containerEnv: string[]): string[] {
  const out = new Map<string, string>();
  for (const kv of [...imageEnv, ...containerEnv]) out.set(kv.split('=')[0] ?? kv, kv);
  if (!out.has('PATH')) out.set('PATH', DEFAULT_PATH);
  return [...out.values()];
}

/**
 * Docker's ENTRYPOINT/CMD rule: an explicit entrypoint drops the image's CMD unless Cmd is given;
 * `--entrypoint ""` clears it. Returns [path, ...args]; InvalidArgument when nothing would run.
 */
export function resolveCommand(
  image: { Entrypoint?: string[] | null; Cmd?: string[] | null },
  body: { Entrypoint?: string[] | null; Cmd?: string[] | null },
): string[] {
  const entrypointGiven = body.Entrypoint !== undefined && body.Entrypoint !== null;
  const entrypoint = entrypointGiven ? (body.Entrypoint ?? []) : (image.Entrypoint ?? []);
  const cmd = body.Cmd && body.Cmd.length > 0 ? body.Cmd : entrypointGiven ? [] : (image.Cmd ?? []);
  const argv = [...entrypoint, ...cmd];
  if (argv.length === 0)
    throw new AppError('InvalidArgument', 'NO_COMMAND', 'no command specified');
  return argv;
}

export interface ResolvedUser {
  uid: number;
  gid: number;
  additionalGids: number[];
}

function lookup(file: string, name: string, idField: number): string[] | undefined {
  return file
    .split('\n')
    .map((l) => l.split(':'))
    .find((f) => f[0] === name || f[idField] === name);
}

/**
 * Resolves `user[:group]` (names or numbers) against the image's /etc/passwd and /etc/group, as
 * Docker does; supplementary groups come from /etc/group membership plus `--group-add`.
 */
export function resolveUser(
  spec: string,
  passwd: string,
  group: string,
  groupAdd: string[] = [],
): ResolvedUser {
  const [userPart = '', groupPart] = (spec || '0').split(':');
  const pw = lookup(passwd, userPart, 2);
  let uid: number;
  let gid: number;
  if (pw) {
    uid = Number(pw[2]);
    gid = Number(pw[3]);
  } else if (/^\d+$/.test(userPart)) {
    uid = Number(userPart);
    gid = 0;
  } else {
    throw new AppError(
      'InvalidArgument',
      'NO_SUCH_USER',
      `unable to find user ${userPart}: no matching entries in passwd file`,
    );
  }
  if (groupPart !== undefined && groupPart !== '') gid = resolveGroup(groupPart, group);
  const userName = pw?.[0];
  const member = userName
    ? group
        .split('\n')
        .map((l) => l.split(':'))
        .filter((f) => (f[3] ?? '').split(',').includes(userName))
        .map((f) => Number(f[2]))
    : [];
  const extra = groupAdd.map((g) => resolveGroup(g, group));
  return { uid, gid, additionalGids: [...new Set([...member, ...extra])].filter((g) => g !== gid) };
}

function resolveGroup(name: string, group: string): number {
  const gr = lookup(group, name, 2);
  if (gr) return Number(gr[2]);
  if (/^\d+$/.test(name)) return Number(name);
  throw new AppError(
    'InvalidArgument',
    'NO_SUCH_GROUP',
    `unable to find group ${name}: no matching entries in group file`,
  );
}

/** Merges the image's defaults into the create body the way Docker's daemon does. */
export function mergeConfig(
  image: ContainerConfig | Partial<ContainerConfig>,
  body: ContainerConfig,
): ContainerConfig {
  return {
    ...body,
    User: body.User || image.User || '',
    Env: mergeEnv(image.Env ?? [], body.Env ?? []),
    Cmd: body.Cmd && body.Cmd.length ? body.Cmd : body.Entrypoint ? null : (image.Cmd ?? null),
    Entrypoint: body.Entrypoint ?? image.Entrypoint ?? null,
    WorkingDir: body.WorkingDir || image.WorkingDir || '',
    Labels: { ...(image.Labels ?? {}), ...(body.Labels ?? {}) },
    StopSignal: body.StopSignal || image.StopSignal,
    Healthcheck: body.Healthcheck ?? image.Healthcheck,
    ExposedPorts: { ...(image.ExposedPorts ?? {}), ...(body.ExposedPorts ?? {}) },
    Volumes: { ...(image.Volumes ?? {}), ...(body.Volumes ?? {}) },
  };
}
