import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';

import type { ContainerRecord } from './container-record';

/** Writes a file via temp + fsync + rename so a crash leaves the old or the new content, never half. */
export async function writeFileAtomic(
  path: string,
  data: string | Buffer,
  mode = 0o600,
): Promise<void> {
  const tmp = `${path}.tmp-${randomBytes(4).toString('hex')}`;
  const handle = await open(tmp, 'w', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(tmp, path);
}

/**
 * Container records on disk plus the in-memory index every read is served from (`ps` with 500+
 * containers does no disk I/O). Resolution follows Docker: full id, name, then unique id prefix.
 */
export class ContainerStore {
  private readonly byId = new Map<string, ContainerRecord>();
  private readonly byName = new Map<string, string>();

  constructor(readonly root: string) {}

  dir(id: string): string {
    return join(this.root, id);
  }

  /** Loads every record; directories without a readable config (a crash mid-create) are removed. */
  async load(): Promise<ContainerRecord[]> {
    await mkdir(this.root, { recursive: true, mode: 0o700 });
    for (const id of await readdir(this.root)) {
      try {
        const record = JSON.parse(
          await readFile(join(this.dir(id), 'config.v2.json'), 'utf8'),
        ) as ContainerRecord;
        this.index(record);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT' && !(error instanceof SyntaxError))
          throw error;
        await rm(this.dir(id), { recursive: true, force: true });
      }
    }
    return this.all();
  }

  private index(record: ContainerRecord): void {
    this.byId.set(record.id, record);
    this.byName.set(record.name, record.id);
  }

  async save(record: ContainerRecord): Promise<void> {
    await mkdir(this.dir(record.id), { recursive: true, mode: 0o710 });
    await writeFileAtomic(join(this.dir(record.id), 'config.v2.json'), JSON.stringify(record));
    this.index(record);
  }

  /** Reserves a name, or throws Docker's conflict message. */
  assertNameFree(name: string, exceptId?: string): void {
    const holder = this.byName.get(name);
    if (holder && holder !== exceptId) {
      throw new AppError(
        'Conflict',
        'NAME_IN_USE',
        `Conflict. The container name "${name}" is already in use by container "${holder}". You have to remove (or rename) that container to be able to reuse that name.`,
      );
    }
  }

  rename(record: ContainerRecord, newName: string): void {
    this.byName.delete(record.name);
    record.name = newName;
    this.byName.set(newName, record.id);
  }

  async delete(id: string): Promise<void> {
    const record = this.byId.get(id);
    if (record) this.byName.delete(record.name);
    this.byId.delete(id);
    await rm(this.dir(id), { recursive: true, force: true });
  }

  find(ref: string): ContainerRecord | undefined {
    const exact = this.byId.get(ref);
    if (exact) return exact;
    const byName = this.byName.get(ref.startsWith('/') ? ref : `/${ref}`);
    if (byName) return this.byId.get(byName);
    if (!/^[0-9a-f]+$/.test(ref)) return undefined;
    const matches = [...this.byId.keys()].filter((id) => id.startsWith(ref));
    if (matches.length > 1)
      throw new AppError(
        'InvalidArgument',
        'AMBIGUOUS',
        `Multiple IDs found with provided prefix: ${ref}`,
      );
    return matches[0] ? this.byId.get(matches[0]) : undefined;
  }

  get(ref: string): ContainerRecord {
    const record = this.find(ref);
    if (!record) throw new AppError('NotFound', 'NO_SUCH_CONTAINER', `No such container: ${ref}`);
    return record;
  }

  all(): ContainerRecord[] {
    return [...this.byId.values()];
  }

  hasName(name: string): boolean {
    return this.byName.has(name);
  }
}
