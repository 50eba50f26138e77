import {
  EngineContainerSchema,
  EngineImageSchema,
  EngineNetworkSchema,
  EngineVolumeSchema,
  type InventoryItem,
  type InventoryPort,
  type ObjectKind,
} from '@wharf/contracts';

/** Resource labels that carry ownership (set at create time for standard users). */
export const OWNER_USER_LABEL = 'wharf.owner.user';
export const OWNER_TEAM_LABEL = 'wharf.owner.team';

/** A row of one of the four per-host state tables, in the shape the repository writes. */
export interface StateRow {
  id: string;
  name: string;
  state: string;
  detail: string;
  labels: Record<string, string>;
  createdAt: Date;
  sizeBytes: number;
  /** Containers: Docker's human status ("Up 3 minutes"). */
  status: string;
  dataJson: string;
}

function fromUnixSeconds(seconds: number): Date {
  return new Date(seconds > 0 ? seconds * 1000 : 0);
}

/**
 * Where the server keeps, in a container's stored engine item, the start time it derived from the
 * status line (Docker's list items carry no start time).
 */
const DERIVED_STARTED_AT = 'WharfStartedAt';
const UNIT_SECONDS: Record<string, number> = {
  second: 1,
  minute: 60,
  hour: 3600,
  day: 86_400,
  week: 7 * 86_400,
  month: 30 * 86_400,
  year: 365 * 86_400,
};
const UP =
  /^Up (?:(Less than a second)|About an? (minute|hour)|(\d+) (second|minute|hour|day|week|month|year)s?)\b/;

/**
 * When a container started, from Docker's status line ("Up 3 minutes", "Up About an hour (healthy)")
 * read at `receivedAt`; undefined when it does not run. As precise as the line (go-units rounding).
 */
export function startedAtFromStatus(status: string, receivedAt: Date): Date | undefined {
  const match = UP.exec(status);
  if (!match) return undefined;
  const [, lessThanASecond, aboutUnit, count, unit] = match;
  const seconds =
    lessThanASecond !== undefined
      ? 0
      : aboutUnit !== undefined
        ? (UNIT_SECONDS[aboutUnit] ?? 0)
        : Number(count) * (UNIT_SECONDS[unit ?? ''] ?? 0);
  return new Date(receivedAt.getTime() - seconds * 1000);
}

function containerDataJson(raw: unknown, status: string, receivedAt: Date): string {
  const given = (raw as { StartedAt?: unknown }).StartedAt;
  const derived = typeof given === 'string' ? undefined : startedAtFromStatus(status, receivedAt);
  return JSON.stringify(
    derived === undefined
      ? raw
      : { ...(raw as object), [DERIVED_STARTED_AT]: derived.toISOString() },
  );
}

/**
 * Parses one engine list item of the given kind into a row; throws on a malformed item.
 * `receivedAt` is when the agent listed it (a running container's start time is derived from it).
 */
export function toStateRow(kind: ObjectKind, raw: unknown, receivedAt = new Date()): StateRow {
  const dataJson = JSON.stringify(raw);
  switch (kind) {
    case 'container': {
      const c = EngineContainerSchema.parse(raw);
      const name = (c.Names[0] ?? c.Id.slice(0, 12)).replace(/^\//, '');
      const base = { id: c.Id, name, state: c.State, detail: c.Image, labels: c.Labels ?? {} };
      return {
        ...base,
        createdAt: fromUnixSeconds(c.Created),
        sizeBytes: 0,
        status: c.Status,
        dataJson: containerDataJson(raw, c.Status, receivedAt),
      };
    }
    case 'image': {
      const i = EngineImageSchema.parse(raw);
      const name = i.RepoTags?.[0] ?? '<none>:<none>';
      const base = {
        id: i.Id,
        name,
        state: '',
        detail: (i.RepoTags ?? []).join(','),
        labels: i.Labels ?? {},
      };
      return {
        ...base,
        createdAt: fromUnixSeconds(i.Created),
        sizeBytes: i.Size,
        status: '',
        dataJson,
      };
    }
    case 'volume': {
      const v = EngineVolumeSchema.parse(raw);
      const base = {
        id: v.Name,
        name: v.Name,
        state: '',
        detail: v.Driver,
        labels: v.Labels ?? {},
      };
      return { ...base, createdAt: new Date(0), sizeBytes: 0, status: '', dataJson };
    }
    case 'network': {
      const n = EngineNetworkSchema.parse(raw);
      const base = { id: n.Id, name: n.Name, state: '', detail: n.Driver, labels: n.Labels ?? {} };
      return { ...base, createdAt: new Date(0), sizeBytes: 0, status: '', dataJson };
    }
  }
}

interface StoredContainer {
  Ports?: unknown;
  StartedAt?: unknown;
  RestartCount?: unknown;
  [DERIVED_STARTED_AT]?: unknown;
}

/** A container's ports from its stored engine summary (`Ports` of GET /containers/json). */
function portsOf(stored: StoredContainer): InventoryPort[] {
  const raw = stored.Ports;
  if (!Array.isArray(raw)) return [];
  return raw.flatMap(
    (p: { IP?: string; PrivatePort?: number; PublicPort?: number; Type?: string }) =>
      typeof p.PrivatePort === 'number'
        ? [
            {
              ...(p.IP ? { ip: p.IP } : {}),
              privatePort: p.PrivatePort,
              ...(typeof p.PublicPort === 'number' ? { publicPort: p.PublicPort } : {}),
              type: p.Type ?? 'tcp',
            },
          ]
        : [],
  );
}

function isoOrUndefined(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  // Docker reports "0001-01-01T00:00:00Z" for containers that never started.
  return Number.isNaN(time) || time <= 0 ? undefined : new Date(time).toISOString();
}

/** What the containers table shows beyond the columns: ports, start time, restart count. */
function containerExtras(
  state: string,
  dataJson: string,
): Pick<InventoryItem, 'ports' | 'startedAt' | 'restartCount'> {
  const stored = JSON.parse(dataJson) as StoredContainer;
  const runs = state === 'running' || state === 'paused';
  const startedAt = runs
    ? (isoOrUndefined(stored.StartedAt) ?? isoOrUndefined(stored[DERIVED_STARTED_AT]))
    : undefined;
  const restarts = stored.RestartCount;
  return {
    ports: portsOf(stored),
    ...(startedAt === undefined ? {} : { startedAt }),
    ...(typeof restarts === 'number' && Number.isInteger(restarts) && restarts >= 0
      ? { restartCount: restarts }
      : {}),
  };
}

export function toInventoryItem(hostId: string, row: StateRow): InventoryItem {
  const item: InventoryItem = {
    hostId,
    id: row.id,
    name: row.name,
    state: row.state,
    detail: row.detail,
    labels: row.labels,
    createdAt: row.createdAt.toISOString(),
    sizeBytes: row.sizeBytes,
  };
  // Only container rows have a status line.
  return row.status === ''
    ? item
    : { ...item, status: row.status, ...containerExtras(row.state, row.dataJson) };
}
