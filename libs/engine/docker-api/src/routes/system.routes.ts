import type { ApiRequest, ApiResponse, Route } from '../http/api-types';
import { API_VERSION, ENGINE_VERSION, MIN_API_VERSION } from '../http/api-version';
import { filtersParam } from '../http/query';
import { parseTimestampNanos } from '../http/timestamps';
import { writeJsonLine } from '../streams/json-lines';
import type { EngineEventBus, EngineEvent } from '../events/event-bus';
import { EVENT_FILTER_KEYS, eventMatches } from '../events/event-filter';

/** Facts `/info`, `/version` and `/system/df` need, gathered by the daemon composition. */
export interface SystemInfoSource {
  info(): Promise<Record<string, unknown>>;
  versionDetails(): Promise<{
    kernel: string;
    arch: string;
    goVersion?: string;
    gitCommit?: string;
    buildTime?: string;
  }>;
  diskUsage(): Promise<Record<string, unknown>>;
}

function ping(req: ApiRequest, res: ApiResponse): Promise<void> {
  const stream = res.stream(200, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Builder-Version': '1',
    Swarm: 'inactive',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    Pragma: 'no-cache',
    'Content-Length': req.method === 'HEAD' ? '0' : '2',
  });
  stream.end(req.method === 'HEAD' ? undefined : 'OK');
  return Promise.resolve();
}

async function version(system: SystemInfoSource, res: ApiResponse): Promise<void> {
  const details = await system.versionDetails();
  const core = {
    Version: ENGINE_VERSION,
    ApiVersion: API_VERSION,
    MinAPIVersion: MIN_API_VERSION,
    GitCommit: details.gitCommit ?? 'wharf',
    GoVersion: `node${process.versions.node}`,
    Os: 'linux',
    Arch: details.arch,
    KernelVersion: details.kernel,
    BuildTime: details.buildTime ?? '',
    Experimental: false,
  };
  const asStrings = Object.fromEntries(Object.entries(core).map(([k, v]) => [k, String(v)]));
  res.json(200, {
    Platform: { Name: 'Wharf Engine' },
    Components: [{ Name: 'Engine', Version: ENGINE_VERSION, Details: asStrings }],
    ...core,
  });
}

/** `/events`: replays history in range, then follows live until `until` or the client leaves. */
async function events(bus: EngineEventBus, req: ApiRequest, res: ApiResponse): Promise<void> {
  const filters = filtersParam(req.query, EVENT_FILTER_KEYS);
  const since = parseTimestampNanos(req.query.get('since'));
  const until = parseTimestampNanos(req.query.get('until'));
  const out = res.stream(200, { 'Content-Type': 'application/json' });
  const send = (event: EngineEvent) => eventMatches(event, filters) && writeJsonLine(out, event);
  if (since !== undefined) bus.replay(since, until).forEach(send);
  const nowNanos = Date.now() * 1e6;
  if (until !== undefined && until <= nowNanos) {
    out.end();
    return;
  }
  const unsubscribe = bus.subscribe((event) => {
    if (until !== undefined && event.timeNano > until) return;
    send(event);
  });
  const timer =
    until === undefined ? undefined : setTimeout(() => out.end(), (until - nowNanos) / 1e6);
  await res.closed;
  if (timer) clearTimeout(timer);
  unsubscribe();
}

const NOT_SWARM =
  'This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.';

/** `/_ping`, `/version`, `/info`, `/events`, `/system/df`, and Docker's answer for swarm endpoints. */
export function systemRoutes(system: SystemInfoSource, bus: EngineEventBus): Route[] {
  const notSwarm = (_req: ApiRequest, res: ApiResponse) =>
    Promise.resolve(res.json(503, { message: NOT_SWARM }));
  return [
    { method: 'GET', path: '/_ping', handler: ping },
    { method: 'HEAD', path: '/_ping', handler: ping },
    { method: 'GET', path: '/version', handler: (_req, res) => version(system, res) },
    {
      method: 'GET',
      path: '/info',
      handler: async (_req, res) => res.json(200, await system.info()),
    },
    { method: 'GET', path: '/events', handler: (req, res) => events(bus, req, res) },
    {
      method: 'GET',
      path: '/system/df',
      handler: async (_req, res) => res.json(200, await system.diskUsage()),
    },
    {
      // `system prune` asks for the build cache too; without a builder there is none to delete.
      method: 'POST',
      path: '/build/prune',
      handler: (_req, res) =>
        Promise.resolve(res.json(200, { CachesDeleted: [], SpaceReclaimed: 0 })),
    },
    ...['/swarm', '/nodes', '/services', '/tasks', '/secrets', '/configs'].map((path) => ({
      method: 'GET' as const,
      path,
      handler: notSwarm,
    })),
  ];
}
