import { Inject, Injectable } from '@nestjs/common';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';

/** A stored registry row; `passwordEnc` is the sealed password or token. */
export interface RegistryRow {
  id: string;
  name: string;
  url: string;
  username: string | null;
  passwordEnc: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface RegistryWrite {
  name?: string;
  url?: string;
  username?: string | null;
  passwordEnc?: string | null;
}

/** Configured private registries. */
@Injectable()
export class RegistriesRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  list(): Promise<RegistryRow[]> {
    return this.db.registry.findMany({ orderBy: { name: 'asc' } });
  }

  find(id: string): Promise<RegistryRow | null> {
    return this.db.registry.findUnique({ where: { id } });
  }

  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    return (await this.db.registry.count({ where: { name, NOT: { id: exceptId ?? '' } } })) > 0;
  }

  create(data: RegistryWrite & { name: string; url: string }): Promise<RegistryRow> {
    return this.db.registry.create({ data });
  }

  update(id: string, data: RegistryWrite): Promise<RegistryRow> {
    return this.db.registry.update({ where: { id }, data });
  }

  /** Replaces the sealed password only if it is still `from` (a concurrent change wins). */
  async reseal(id: string, from: string, to: string): Promise<void> {
    await this.db.registry.updateMany({
      where: { id, passwordEnc: from },
      data: { passwordEnc: to },
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.registry.delete({ where: { id } });
  }
}
