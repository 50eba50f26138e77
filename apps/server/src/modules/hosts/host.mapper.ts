import { HostFactsSchema, type Host, type HostFacts } from '@wharf/contracts';

/** The columns hosts.repository selects. */
export interface HostRow {
  id: string;
  name: string;
  status: string;
  lastSeenAt: Date | null;
  factsJson: string | null;
  labelsJson: string;
  groupsJson: string;
  certificateExpiresAt: Date | null;
  createdAt: Date;
}

function parseFacts(json: string | null): HostFacts | null {
  if (json === null) return null;
  const parsed = HostFactsSchema.safeParse(JSON.parse(json));
  return parsed.success ? parsed.data : null;
}

export function toHost(row: HostRow): Host {
  return {
    id: row.id,
    name: row.name,
    status: row.status === 'online' ? 'online' : 'offline',
    lastSeenAt: row.lastSeenAt?.toISOString() ?? null,
    facts: parseFacts(row.factsJson),
    labels: JSON.parse(row.labelsJson) as Record<string, string>,
    groups: JSON.parse(row.groupsJson) as string[],
    certificateExpiresAt: row.certificateExpiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
  };
}
