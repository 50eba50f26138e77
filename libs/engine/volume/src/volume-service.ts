import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdir, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';

import { writeJson } from './write-json';

/** Docker's Volume object (`GET /volumes/{name}`). */
export interface Volume {
  Name: string;
  Driver: 'local';
  Mountpoint: string;
  CreatedAt: string;
  Labels: Record<string, string>;
  Scope: 'local';
  Options: Record<string, string>;
}

interface StoredVolume extends Volume {
  /** Made for a container (`-v /path`, image VOLUME): removed with `rm -v` and by default prune. */
  anonymous: boolean;
  /** Image content was copied into it on its first mount (copy-up happens once). */
  populated: boolean;
}

export interface CreateVolumeOptions {
  Name?: string;
  Labels?: Record<string, string>;
  DriverOpts?: Record<string, string>;
  Driver?: string;
}

const NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/**
 * Local volumes under `volumes/<name>/_data`, each described by `volume.json` written atomically.
 * A volume is created in a temp dir and renamed into place, so a crash leaves it whole or absent.
 * Emits `event` with Docker volume events (create, mount, unmount, destroy).
 */
export class VolumeService extends EventEmitter {
  private readonly volumes = new Map<string, StoredVolume>();

  constructor(
    private readonly root: string,
    private readonly usersOf: (name: string) => string[],
  ) {
    super();
  }

  async init(): Promise<void> {
    await mkdir(this.root, { recursive: true, mode: 0o701 });
    for (const name of await readdir(this.root)) {
      if (name.startsWith('.tmp-')) {
        await rm(join(this.root, name), { recursive: true, force: true });
        continue;
      }
      const text = await readFile(join(this.root, name, 'volume.json'), 'utf8').catch(
        () => undefined,
      );
      if (text !== undefined) this.volumes.set(name, JSON.parse(text) as StoredVolume);
    }
  }

  /** `docker volume create`; creating an existing name returns it unchanged, as Docker does. */
  async create(options: CreateVolumeOptions = {}, anonymous = false): Promise<Volume> {
    if (options.Driver && options.Driver !== 'local') {
      throw new AppError(
        'NotFound',
        'NO_DRIVER',
        `error looking up volume plugin ${options.Driver}: plugin "${options.Driver}" not found`,
      );
    }
    const name = options.Name || randomBytes(32).toString('hex');
    if (!NAME.test(name)) {
      throw new AppError(
        'InvalidArgument',
        'BAD_VOLUME_NAME',
        `create ${name}: "${name}" includes invalid characters for a local volume name, only "[a-zA-Z0-9][a-zA-Z0-9_.-]" are allowed. If you intended to pass a host directory, use absolute path`,
      );
    }
    const existing = this.volumes.get(name);
    if (existing) return view(existing);
    const volume: StoredVolume = {
      Name: name,
      Driver: 'local',
      Mountpoint: join(this.root, name, '_data'),
      CreatedAt: new Date().toISOString(),
      Labels: options.Labels ?? {},
      Scope: 'local',
      Options: options.DriverOpts ?? {},
      anonymous,
      populated: false,
    };
    const temp = join(this.root, `.tmp-${randomBytes(6).toString('hex')}`);
    await mkdir(join(temp, '_data'), { recursive: true, mode: 0o755 });
    await writeJson(join(temp, 'volume.json'), volume);
    await rename(temp, join(this.root, name));
    this.volumes.set(name, volume);
    this.publish('create', name);
    return view(volume);
  }

  get(name: string): Volume {
    const volume = this.volumes.get(name);
    if (!volume) throw new AppError('NotFound', 'NO_SUCH_VOLUME', `get ${name}: no such volume`);
    return view(volume);
  }

  list(): (Volume & { anonymous: boolean })[] {
    return [...this.volumes.values()].map((v) => ({ ...view(v), anonymous: v.anonymous }));
  }

  /** `docker volume rm`: refused while a container uses it (even with force, as Docker does). */
  async remove(name: string, force = false): Promise<void> {
    if (!this.volumes.has(name)) {
      if (force) return;
      throw new AppError('NotFound', 'NO_SUCH_VOLUME', `get ${name}: no such volume`);
    }
    const users = this.usersOf(name);
    if (users.length > 0)
      throw new AppError(
        'Conflict',
        'VOLUME_IN_USE',
        `remove ${name}: volume is in use - [${users.join(', ')}]`,
      );
    this.volumes.delete(name);
    const trash = join(this.root, `.tmp-${randomBytes(6).toString('hex')}`);
    await rename(join(this.root, name), trash);
    await rm(trash, { recursive: true, force: true });
    this.publish('destroy', name);
  }

  /** Whether image content should be copied in (first mount of an empty, never-populated volume). */
  async needsCopyUp(name: string): Promise<boolean> {
    const volume = this.volumes.get(name);
    if (!volume || volume.populated) return false;
    return (await readdir(volume.Mountpoint)).length === 0;
  }

  async markPopulated(name: string): Promise<void> {
    const volume = this.volumes.get(name);
    if (!volume || volume.populated) return;
    volume.populated = true;
    await writeJson(join(this.root, name, 'volume.json'), volume);
  }

  isAnonymous(name: string): boolean {
    return this.volumes.get(name)?.anonymous ?? false;
  }

  async sizeOf(name: string): Promise<number> {
    const volume = this.volumes.get(name);
    return volume ? directorySize(volume.Mountpoint) : 0;
  }

  private publish(action: string, name: string): void {
    const now = Date.now();
    this.emit('event', {
      Type: 'volume',
      Action: action,
      Actor: { ID: name, Attributes: { driver: 'local' } },
      scope: 'local',
      time: Math.floor(now / 1000),
      timeNano: now * 1e6,
    });
  }
}

function view(volume: StoredVolume): Volume {
  const { anonymous: _a, populated: _p, ...rest } = volume;
  return rest;
}

async function directorySize(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += await directorySize(path);
    else total += (await stat(path).catch(() => ({ size: 0 }))).size;
  }
  return total;
}
