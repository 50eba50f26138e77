import { lstat } from 'node:fs/promises';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';

import type { ContainerConfig, HostConfig, InspectMount } from './container-types';

/** The volume store as the container service needs it (VolumeService implements it). */
export interface VolumeProvider {
  create(
    options: { Name?: string },
    anonymous: boolean,
  ): Promise<{ Name: string; Mountpoint: string }>;
  get(name: string): { Name: string; Mountpoint: string };
  needsCopyUp(name: string): Promise<boolean>;
  markPopulated(name: string): Promise<void>;
  isAnonymous(name: string): boolean;
  remove(name: string, force?: boolean): Promise<void>;
}

/** A volume mounted into a container, resolved at create time and kept in the record. */
export interface VolumeMount {
  name: string;
  destination: string;
  readOnly: boolean;
}

function bindParts(bind: string): { source: string; destination: string; readOnly: boolean } {
  const [source = '', destination = '', mode = ''] = bind.split(':');
  return { source, destination, readOnly: mode.split(',').includes('ro') };
}

/** Destinations taken by binds, mounts and tmpfs, which image VOLUMEs must not shadow. */
function takenTargets(hc: HostConfig): Set<string> {
  return new Set([
    ...(hc.Binds ?? []).map((b) => bindParts(b).destination),
    ...(hc.Mounts ?? []).map((m) => m.Target ?? ''),
    ...Object.keys(hc.Tmpfs ?? {}),
  ]);
}

/**
 * Docker's volume rules at create: `-v name:/dst` is a named volume (created when missing),
 * `--mount type=volume` likewise (anonymous without a source), and every VOLUME of the image or of
 * `-v /dst` not covered by another mount gets a fresh anonymous volume.
 */
export async function resolveVolumes(
  hc: HostConfig,
  config: ContainerConfig,
  volumes: VolumeProvider | undefined,
  inheritedTargets: ReadonlySet<string> = new Set(),
): Promise<VolumeMount[]> {
  const wanted: { name?: string; destination: string; readOnly: boolean }[] = [];
  for (const bind of hc.Binds ?? []) {
    const { source, destination, readOnly } = bindParts(bind);
    if (!source.startsWith('/')) wanted.push({ name: source, destination, readOnly });
  }
  for (const m of hc.Mounts ?? []) {
    if (m.Type === 'volume')
      wanted.push({
        name: m.Source || undefined,
        destination: m.Target ?? '',
        readOnly: !!m.ReadOnly,
      });
  }
  const taken = new Set([...takenTargets(hc), ...inheritedTargets]);
  for (const destination of Object.keys(config.Volumes ?? {})) {
    if (!taken.has(destination)) wanted.push({ destination, readOnly: false });
  }
  if (wanted.length > 0 && !volumes)
    throw new AppError('NotImplemented', 'NO_VOLUMES', 'volumes are not available in this engine');
  const mounts: VolumeMount[] = [];
  for (const w of wanted) {
    const volume = await volumes!.create({ Name: w.name }, w.name === undefined);
    mounts.push({ name: volume.Name, destination: w.destination, readOnly: w.readOnly });
  }
  return mounts;
}

/**
 * `--volumes-from name[:ro|:rw]`: the other containers' volumes and binds, mode forced when given,
 * skipping destinations this container mounts itself (its own mounts win; the first source wins).
 */
export function inheritedMounts(
  specs: readonly string[],
  hc: HostConfig,
  lookup: (ref: string) => { volumes?: VolumeMount[]; hostConfig: HostConfig },
): { volumes: VolumeMount[]; binds: string[] } {
  const taken = takenTargets(hc);
  const result: { volumes: VolumeMount[]; binds: string[] } = { volumes: [], binds: [] };
  for (const spec of specs) {
    const [ref = '', mode = ''] = spec.split(':');
    const source = lookup(ref);
    const readOnly = (own: boolean) => (mode === 'ro' ? true : mode === 'rw' ? false : own);
    for (const v of source.volumes ?? []) {
      if (taken.has(v.destination)) continue;
      taken.add(v.destination);
      result.volumes.push({ ...v, readOnly: readOnly(v.readOnly) });
    }
    for (const b of (source.hostConfig.Binds ?? []).map(bindParts)) {
      if (!b.source.startsWith('/') || taken.has(b.destination)) continue;
      taken.add(b.destination);
      result.binds.push(`${b.source}:${b.destination}${readOnly(b.readOnly) ? ':ro' : ''}`);
    }
  }
  return result;
}

/**
 * The container-side directory whose image content seeds a fresh volume, or undefined when there is
 * none. Every component is checked with lstat: a symlink in the image (say `/data -> /etc`) must
 * not make the engine copy host files into the volume.
 */
export async function copyUpSource(
  rootfs: string,
  destination: string,
): Promise<string | undefined> {
  let current = rootfs;
  for (const part of destination.split('/').filter(Boolean)) {
    current = join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (!info || info.isSymbolicLink() || !info.isDirectory()) return undefined;
  }
  return current === rootfs ? undefined : current;
}

/** Docker's `Mounts` in inspect for volumes and binds. */
export function inspectMounts(
  hc: HostConfig,
  volumes: VolumeMount[],
  provider: VolumeProvider | undefined,
): InspectMount[] {
  const binds: InspectMount[] = (hc.Binds ?? [])
    .map(bindParts)
    .filter((b) => b.source.startsWith('/'))
    .map((b) => ({
      Type: 'bind',
      Source: b.source,
      Destination: b.destination,
      Mode: b.readOnly ? 'ro' : '',
      RW: !b.readOnly,
      Propagation: 'rprivate',
    }));
  const named: InspectMount[] = volumes.map((v) => ({
    Type: 'volume',
    Name: v.name,
    Source: provider?.get(v.name).Mountpoint ?? '',
    Destination: v.destination,
    Driver: 'local',
    Mode: v.readOnly ? 'ro' : 'z',
    RW: !v.readOnly,
    Propagation: '',
  }));
  return [...named, ...binds];
}
