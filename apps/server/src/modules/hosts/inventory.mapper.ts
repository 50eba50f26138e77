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

/** Parses one engine list item of the given kind into a row; throws on a malformed item. */
export function toStateRow(kind: ObjectKind, raw: unknown): StateRow {
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
        dataJson,
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

/** A container's ports from its stored engine summary (`Ports` of GET /containers/json). */
function portsOf(dataJson: string): InventoryPort[] {
  const raw = (JSON.parse(dataJson) as { Ports?: unknown }).Ports;
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
  return row.status === '' ? item : { ...item, status: row.status, ports: portsOf(row.dataJson) };
}
