import { Inject, Injectable } from '@nestjs/common';
import { type Host, type HostFacts, type HostStatus } from '@wharf/contracts';

import { DATABASE } from '../core/tokens';
import { type Db } from '../database/database';
import { toHost } from './host.mapper';

const SELECT = {
  id: true,
  name: true,
  status: true,
  lastSeenAt: true,
  factsJson: true,
  labelsJson: true,
  createdAt: true,
} as const;

/** What the agent namespace needs to accept a client certificate. */
export interface HostCredentials {
  id: string;
  certificateSerial: string | null;
  revokedAt: Date | null;
}

@Injectable()
export class HostsRepository {
  constructor(@Inject(DATABASE) private readonly db: Db) {}

  async list(): Promise<Host[]> {
    return (await this.db.host.findMany({ select: SELECT, orderBy: { createdAt: 'asc' } })).map(
      toHost,
    );
  }

  async findById(id: string): Promise<Host | null> {
    const row = await this.db.host.findUnique({ where: { id }, select: SELECT });
    return row === null ? null : toHost(row);
  }

  findCredentials(id: string): Promise<HostCredentials | null> {
    return this.db.host.findUnique({
      where: { id },
      select: { id: true, certificateSerial: true, revokedAt: true },
    });
  }

  async create(name: string, facts: HostFacts): Promise<string> {
    const row = await this.db.host.create({
      data: { name, factsJson: JSON.stringify(facts) },
      select: { id: true },
    });
    return row.id;
  }

  async setCertificate(id: string, serial: string, fingerprint: string): Promise<void> {
    await this.db.host.update({
      where: { id },
      data: { certificateSerial: serial, certificateFingerprint: fingerprint },
    });
  }

  async delete(id: string): Promise<void> {
    await this.db.host.deleteMany({ where: { id } });
  }

  async markOnline(id: string, facts: HostFacts, at: Date): Promise<Host> {
    const row = await this.db.host.update({
      where: { id },
      data: {
        status: 'online' satisfies HostStatus,
        lastSeenAt: at,
        factsJson: JSON.stringify(facts),
        name: facts.hostname,
      },
      select: SELECT,
    });
    return toHost(row);
  }

  async markOffline(id: string, at: Date): Promise<Host | null> {
    await this.db.host.updateMany({
      where: { id },
      data: { status: 'offline' satisfies HostStatus, lastSeenAt: at },
    });
    return this.findById(id);
  }

  /** At start no agent is connected yet, whatever the database says. */
  async markAllOffline(): Promise<void> {
    await this.db.host.updateMany({ where: { status: 'online' }, data: { status: 'offline' } });
  }
}
