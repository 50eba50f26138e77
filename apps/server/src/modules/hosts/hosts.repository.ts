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
  groupsJson: true,
  certificateExpiresAt: true,
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

  async setCertificate(
    id: string,
    serial: string,
    fingerprint: string,
    expiresAt?: Date,
  ): Promise<void> {
    await this.db.host.update({
      where: { id },
      data: {
        certificateSerial: serial,
        certificateFingerprint: fingerprint,
        certificateExpiresAt: expiresAt ?? null,
      },
    });
  }

  /** Replaces labels and/or groups; null when the host does not exist. */
  async update(
    id: string,
    change: { labels?: Record<string, string>; groups?: string[] },
  ): Promise<Host | null> {
    const data = {
      ...(change.labels === undefined ? {} : { labelsJson: JSON.stringify(change.labels) }),
      ...(change.groups === undefined
        ? {}
        : { groupsJson: JSON.stringify([...new Set(change.groups)].sort()) }),
    };
    const { count } = await this.db.host.updateMany({ where: { id }, data });
    return count === 0 ? null : this.findById(id);
  }

  /** Marks the host's certificate revoked; false when the host does not exist. */
  async revoke(id: string, at: Date): Promise<boolean> {
    const { count } = await this.db.host.updateMany({
      where: { id },
      data: { revokedAt: at, status: 'offline' satisfies HostStatus },
    });
    return count > 0;
  }

  /** Host ids in a group (the `groupsJson` array holds the name). */
  async idsInGroup(group: string): Promise<string[]> {
    const rows = await this.db.host.findMany({
      where: { groupsJson: { contains: JSON.stringify(group) } },
      select: { id: true, groupsJson: true },
    });
    return rows
      .filter((r) => (JSON.parse(r.groupsJson) as string[]).includes(group))
      .map((r) => r.id);
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
