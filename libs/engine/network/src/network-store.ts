import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';
import { writeFileAtomic } from '@wharf/util';

import type { NetworkRecord } from './network-types';

/** Network records, one JSON file each (written atomically), indexed in memory. */
export class NetworkStore {
  private readonly byId = new Map<string, NetworkRecord>();

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    for (const file of await readdir(this.dir)) {
      if (!file.endsWith('.json')) {
        await rm(join(this.dir, file), { force: true });
        continue;
      }
      const record = JSON.parse(await readFile(join(this.dir, file), 'utf8')) as NetworkRecord;
      this.byId.set(record.Id, record);
    }
  }

  async save(record: NetworkRecord): Promise<void> {
    await writeFileAtomic(join(this.dir, `${record.Id}.json`), JSON.stringify(record));
    this.byId.set(record.Id, record);
  }

  async delete(id: string): Promise<void> {
    await rm(join(this.dir, `${id}.json`), { force: true });
    this.byId.delete(id);
  }

  all(): NetworkRecord[] {
    return [...this.byId.values()];
  }

  /** By exact id, exact name, then unique id prefix (Docker's lookup order). */
  find(ref: string): NetworkRecord | undefined {
    const exact = this.byId.get(ref) ?? this.all().find((n) => n.Name === ref);
    if (exact) return exact;
    const prefixed = this.all().filter((n) => n.Id.startsWith(ref));
    return prefixed.length === 1 ? prefixed[0] : undefined;
  }

  get(ref: string): NetworkRecord {
    const found = this.find(ref);
    if (!found) throw new AppError('NotFound', 'NO_NETWORK', `network ${ref} not found`);
    return found;
  }
}
