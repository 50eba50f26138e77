'use client';

import type { InventoryItem } from '@wharf/contracts';
import { JsonViewer, LabelChips } from '@wharf/web-ui';

import { Facts, Panel } from '../images/image-panels';
import { useRelayGet } from '../images/relay';

/** What `GET /networks` and `GET /networks/<id>` say about one network. */
export interface EngineNetwork {
  Name: string;
  Id: string;
  Driver: string;
  Internal?: boolean;
  IPAM?: { Config?: { Subnet?: string; Gateway?: string; IPRange?: string }[] | null };
  Labels?: Record<string, string> | null;
  Containers?: Record<
    string,
    { Name?: string; IPv4Address?: string; IPv6Address?: string; MacAddress?: string }
  > | null;
}

export const networksOf = (body: unknown): EngineNetwork[] =>
  Array.isArray(body) ? (body as EngineNetwork[]) : [];

export const networkKey = (n: EngineNetwork) => n.Id;

/** Docker's networks that always exist and cannot be removed. */
export const BUILT_IN_NETWORKS = new Set(['bridge', 'host', 'none']);

export const ipamOf = (n: EngineNetwork | undefined) => n?.IPAM?.Config?.[0] ?? {};

function ContainersTable({ network }: { network: EngineNetwork }) {
  const entries = Object.entries(network.Containers ?? {});
  if (entries.length === 0) return <p className="muted">No container is connected.</p>;
  return (
    <div className="table-wrap">
      <table className="table" aria-label="Connected containers">
        <thead>
          <tr>
            <th scope="col">Container</th>
            <th scope="col">IPv4 address</th>
            <th scope="col">MAC address</th>
          </tr>
        </thead>
        <tbody>
          {entries.map(([id, c]) => (
            <tr key={id}>
              <th scope="row">{c.Name ?? id.slice(0, 12)}</th>
              <td>
                <code>{c.IPv4Address || '—'}</code>
              </td>
              <td>
                <code>{c.MacAddress || '—'}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** One network (`GET /networks/<id>`): addressing, connected containers and their IPs, JSON. */
export function InspectNetworkPanel({
  item,
  onClose,
}: {
  item: InventoryItem;
  onClose: () => void;
}) {
  const { data: network, error } = useRelayGet<EngineNetwork>(
    item.hostId,
    `/networks/${encodeURIComponent(item.id)}`,
  );
  const ipam = ipamOf(network);
  return (
    <Panel id="nv-inspect-title" title={`Network ${item.name}`} onClose={onClose}>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {!network && !error && (
        <p className="muted loading" role="status">
          Loading network…
        </p>
      )}
      {network && (
        <>
          <Facts
            label="Network details"
            facts={[
              ['Driver', network.Driver],
              ['Subnet', ipam.Subnet ?? '—'],
              ['Gateway', ipam.Gateway ?? '—'],
              ['IP range', ipam.IPRange ?? '—'],
              ['Internal', network.Internal ? 'yes' : 'no'],
              ['Labels', <LabelChips key="l" labels={network.Labels ?? {}} />],
            ]}
          />
          <h3 className="rs-subhead">Connected containers</h3>
          <ContainersTable network={network} />
          <JsonViewer value={network} label="Network JSON" />
        </>
      )}
    </Panel>
  );
}
