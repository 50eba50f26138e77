import { AppError } from '@wharf/errors';
import {
  NETWORK_FILTER_KEYS,
  type EndpointRequest,
  type NetworkCreateBody,
  type NetworkService,
} from '@wharf/engine-network';

import { engineEvent, type EngineEventBus } from '../events/event-bus';
import type { ApiRequest, ApiResponse, Route } from '../http/api-types';
import { filtersParam } from '../http/query';

/** What the network routes need of the container service. */
export interface NetworkContainers {
  connectNetwork(ref: string, network: string, request?: EndpointRequest): Promise<void>;
  disconnectNetwork(ref: string, network: string): Promise<void>;
  inspect(ref: string): Promise<{ Id: string; Name: string }>;
}

async function body<T extends object>(req: ApiRequest): Promise<T> {
  const parsed = await req.json<T>();
  if (parsed === undefined || parsed === null || typeof parsed !== 'object')
    throw new AppError('InvalidArgument', 'BAD_BODY', 'invalid JSON body');
  return parsed;
}

type Publish = (action: string, id: string, attributes: Record<string, string>) => void;
const ref = (req: ApiRequest) => req.params['id'] ?? '';

function readRoutes(networks: NetworkService): Route[] {
  return [
    {
      method: 'GET',
      path: '/networks',
      handler: (req, res) =>
        Promise.resolve(res.json(200, networks.list(filtersParam(req.query, NETWORK_FILTER_KEYS)))),
    },
    {
      method: 'GET',
      path: '/networks/{id}',
      handler: (req, res) => Promise.resolve(res.json(200, networks.inspect(ref(req)))),
    },
  ];
}

function writeRoutes(networks: NetworkService, publish: Publish): Route[] {
  return [
    {
      method: 'POST',
      path: '/networks/create',
      handler: async (req, res) => {
        const created = await networks.create(await body<NetworkCreateBody>(req));
        publish('create', created.Id, { name: networks.inspect(created.Id).Name });
        res.json(201, created);
      },
    },
    {
      method: 'POST',
      path: '/networks/prune',
      handler: async (req, res) => {
        const result = await networks.prune(filtersParam(req.query, ['label', 'until']));
        for (const name of result.NetworksDeleted) publish('destroy', name, { name });
        res.json(200, result);
      },
    },
    {
      method: 'DELETE',
      path: '/networks/{id}',
      handler: async (req, res) => {
        const net = networks.inspect(ref(req));
        await networks.remove(net.Id);
        publish('destroy', net.Id, { name: net.Name });
        res.empty(204);
      },
    },
  ];
}

function attachRoutes(
  networks: NetworkService,
  containers: NetworkContainers,
  publish: Publish,
): Route[] {
  const attach = async (req: ApiRequest, connect: boolean) => {
    const net = networks.inspect(ref(req));
    const b = await body<{ Container?: string; EndpointConfig?: EndpointRequest }>(req);
    const container = await containers.inspect(b.Container ?? '');
    if (connect) await containers.connectNetwork(container.Id, net.Id, b.EndpointConfig ?? {});
    else await containers.disconnectNetwork(container.Id, net.Id);
    publish(connect ? 'connect' : 'disconnect', net.Id, {
      name: net.Name,
      container: container.Id,
    });
  };
  return (['connect', 'disconnect'] as const).map((action) => ({
    method: 'POST' as const,
    path: `/networks/{id}/${action}`,
    handler: async (req: ApiRequest, res: ApiResponse) => {
      await attach(req, action === 'connect');
      res.empty(200);
    },
  }));
}

/** Network routes (`docker network …`). Every change is also a `network` event. */
export function networkRoutes(
  networks: NetworkService,
  containers: NetworkContainers,
  events: EngineEventBus,
): Route[] {
  const publish: Publish = (action, id, attributes) =>
    events.publish(engineEvent('network', action, id, { type: 'bridge', ...attributes }));
  return [
    ...readRoutes(networks),
    ...writeRoutes(networks, publish),
    ...attachRoutes(networks, containers, publish),
  ];
}
