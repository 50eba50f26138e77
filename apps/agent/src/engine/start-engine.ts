import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { DockerContainerService } from '@wharf/engine-container';
import {
  commitRoutes,
  containerFileRoutes,
  containerRoutes,
  containerStreamRoutes,
  DockerApiServer,
  EngineEventBus,
  networkRoutes,
  systemRoutes,
  volumeRoutes,
} from '@wharf/engine-docker-api';
import {
  LinuxCgroupFs,
  LinuxFirewall,
  LinuxMountTable,
  LinuxNetLinks,
  LinuxOverlayWhiteouts,
  LinuxPortProbe,
  LinuxProcessRunner,
  LinuxSysctl,
  SystemClock,
} from '@wharf/engine-host';
import { NetworkService } from '@wharf/engine-network';
import { RuntimeRegistry } from '@wharf/engine-runtime';
import { VolumeService } from '@wharf/engine-volume';
import type { Logger } from '@wharf/util';

import type { AgentEnv } from '../config/env.schema';
import { collectHostFacts } from '../link/host-facts';
import { loadEngineConfig, type EngineConfig } from './engine-config';
import { diskUsage } from './disk-usage';
import { composeImages, type ComposedImages } from './engine-images';
import { busyboxProbe } from './runtime-probe';
import { engineId, systemInfo } from './system-info';

/** A running engine: its API socket, its event bus, and a stop that leaves containers running. */
export interface RunningEngine {
  socketPath: string;
  events: EngineEventBus;
  stop(): Promise<void>;
}

async function detectRuntimes(
  env: AgentEnv,
  preferred: string,
  logger: Logger,
): Promise<RuntimeRegistry> {
  const processes = new LinuxProcessRunner();
  const runtimes = new RuntimeRegistry(
    processes,
    (name) => join(env.WHARF_EXEC_ROOT, 'runtime', name),
    logger.child({ component: 'runtime' }),
  );
  await mkdir(env.WHARF_EXEC_ROOT, { recursive: true, mode: 0o710 });
  const probeDir = await mkdtemp(join(env.WHARF_EXEC_ROOT, 'probe-'));
  try {
    await runtimes.detect(busyboxProbe(probeDir), preferred);
  } finally {
    await rm(probeDir, { recursive: true, force: true });
  }
  return runtimes;
}

/** Which containers use an image (rmi and prune must not pull an image from under one). */
function imageUsers(late: { containers?: DockerContainerService }) {
  return async (imageId: string) =>
    (await (late.containers?.list({ all: true }) ?? Promise.resolve([])))
      .filter((c) => c.ImageID === imageId)
      .map((c) => ({ id: c.Id, running: ['running', 'paused', 'restarting'].includes(c.State) }));
}

interface EngineParts {
  env: AgentEnv;
  engineDir: string;
  config: EngineConfig;
  runtimes: RuntimeRegistry;
  images: ComposedImages;
  volumes: VolumeService;
  networks: NetworkService;
  logger: Logger;
}

function containerService(parts: EngineParts): DockerContainerService {
  const processes = new LinuxProcessRunner();
  return new DockerContainerService({
    engineDir: parts.engineDir,
    execRoot: parts.env.WHARF_EXEC_ROOT,
    cgroupParent: parts.config['cgroup-parent'] ?? parts.env.WHARF_CGROUP_PARENT,
    images: parts.images.service,
    runtimes: parts.runtimes,
    processes,
    mounts: new LinuxMountTable(processes),
    cgroups: new LinuxCgroupFs(),
    clock: new SystemClock(),
    logger: parts.logger.child({ component: 'containers' }),
    volumes: parts.volumes,
    networks: parts.networks,
    whiteouts: new LinuxOverlayWhiteouts(processes),
  });
}

async function apiServer(
  parts: EngineParts,
  containers: DockerContainerService,
  events: EngineEventBus,
): Promise<DockerApiServer> {
  const system = systemInfo({
    id: await engineId(parts.engineDir),
    facts: await collectHostFacts(),
    dataDir: parts.env.WHARF_DATA_DIR,
    containers,
    runtimes: parts.runtimes,
    imageCount: () => parts.images.imageCount(),
    diskUsage: () => diskUsage(parts.images.service, containers, parts.volumes),
  });
  const routes = [
    ...systemRoutes(system, events),
    ...containerRoutes(containers),
    ...containerStreamRoutes(containers),
    ...containerFileRoutes(containers),
    ...commitRoutes(containers, parts.images.service),
    ...parts.images.routes,
    ...volumeRoutes(parts.volumes, (name) => containers.volumeUsers(name)),
    ...networkRoutes(parts.networks, containers, events),
  ];
  return new DockerApiServer(routes, parts.logger.child({ component: 'docker-api' }));
}

function networkService(
  env: AgentEnv,
  engineDir: string,
  config: EngineConfig,
  logger: Logger,
): NetworkService {
  const processes = new LinuxProcessRunner();
  return new NetworkService({
    engineDir,
    links: new LinuxNetLinks(processes),
    firewall: new LinuxFirewall(processes),
    sysctl: new LinuxSysctl(),
    portProbe: new LinuxPortProbe(),
    logger: logger.child({ component: 'networks' }),
    config: {
      bridgeName: env.WHARF_BRIDGE,
      ...(config.bip ? { bip: config.bip } : {}),
      ...(config['fixed-cidr'] ? { fixedCidr: config['fixed-cidr'] } : {}),
      mtu: config.mtu ?? 1500,
      icc: config.icc ?? true,
      ipMasq: config['ip-masq'] ?? true,
      ipForward: config['ip-forward'] ?? true,
      table: env.WHARF_NFT_TABLE,
      dns: config.dns ?? [],
    },
    hostResolvers: async () => {
      const text = await readFile('/etc/resolv.conf', 'utf8').catch(() => '');
      return [...text.matchAll(/^\s*nameserver\s+(\S+)/gm)].map((m) => m[1] ?? '');
    },
  });
}

/**
 * Composes wharfd: runtimes (probed), image store, container service (re-adopts running containers),
 * one event bus, and the Docker API on its unix socket.
 */
export async function startEngine(env: AgentEnv, logger: Logger): Promise<RunningEngine> {
  const config = await loadEngineConfig(env.WHARF_ENGINE_CONFIG);
  const engineDir = join(env.WHARF_DATA_DIR, 'engine');
  await mkdir(engineDir, { recursive: true, mode: 0o710 });
  const runtimes = await detectRuntimes(env, config['default-runtime'] ?? 'runc', logger);
  // The image store asks the container service (built after it) which containers use an image.
  const late: { containers?: DockerContainerService } = {};
  const images = await composeImages(
    engineDir,
    logger.child({ component: 'images' }),
    imageUsers(late),
    { insecureRegistries: config['insecure-registries'] ?? [] },
  );
  const volumes = new VolumeService(
    join(engineDir, 'volumes'),
    (name) => late.containers?.volumeUsers(name) ?? [],
  );
  await volumes.init();
  const networks = networkService(env, engineDir, config, logger);
  await networks.init();
  const parts: EngineParts = {
    env,
    engineDir,
    config,
    runtimes,
    images,
    volumes,
    networks,
    logger,
  };
  const containers = containerService(parts);
  late.containers = containers;
  const events = new EngineEventBus();
  const publish = (event: Parameters<EngineEventBus['publish']>[0]) => events.publish(event);
  containers.on('event', publish);
  images.service.on('event', publish);
  volumes.on('event', publish);
  await containers.init();
  await networks.reconcile((await containers.list({ all: true })).map((c) => c.Id));
  const server = await apiServer(parts, containers, events);
  await server.listen(env.WHARF_DOCKER_SOCKET);
  logger.info(
    { socket: env.WHARF_DOCKER_SOCKET, runtime: runtimes.defaultRuntime },
    'engine ready',
  );
  return {
    socketPath: env.WHARF_DOCKER_SOCKET,
    events,
    stop: async () => {
      // Containers live on under conmon; only the API and our watchers stop (live restore).
      await server.close();
      await containers.close();
      networks.close();
    },
  };
}

/** `wharfd engine`: runs until SIGINT/SIGTERM, then stops the API and leaves containers running. */
export async function runEngineForeground(env: AgentEnv, logger: Logger): Promise<number> {
  const engine = await startEngine(env, logger);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  logger.info({ signal }, 'stopping the engine; containers keep running');
  await engine.stop();
  return 0;
}
