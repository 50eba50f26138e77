import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { DockerContainerService } from '@wharf/engine-container';
import {
  containerRoutes,
  containerStreamRoutes,
  DockerApiServer,
  EngineEventBus,
  systemRoutes,
} from '@wharf/engine-docker-api';
import { LinuxCgroupFs, LinuxMountTable, LinuxProcessRunner, SystemClock } from '@wharf/engine-host';
import { RuntimeRegistry } from '@wharf/engine-runtime';
import type { Logger } from '@wharf/util';

import type { AgentEnv } from '../config/env.schema';
import { collectHostFacts } from '../link/host-facts';
import { loadEngineConfig } from './engine-config';
import { composeImages } from './engine-images';
import { busyboxProbe } from './runtime-probe';
import { engineId, systemInfo } from './system-info';

/** A running engine: its API socket, its event bus, and a stop that leaves containers running. */
export interface RunningEngine {
  socketPath: string;
  events: EngineEventBus;
  stop(): Promise<void>;
}

async function detectRuntimes(env: AgentEnv, preferred: string, logger: Logger): Promise<RuntimeRegistry> {
  const processes = new LinuxProcessRunner();
  const runtimes = new RuntimeRegistry(processes, (name) => join(env.WHARF_EXEC_ROOT, 'runtime', name), logger.child({ component: 'runtime' }));
  await mkdir(env.WHARF_EXEC_ROOT, { recursive: true, mode: 0o710 });
  const probeDir = await mkdtemp(join(env.WHARF_EXEC_ROOT, 'probe-'));
  try {
    await runtimes.detect(busyboxProbe(probeDir), preferred);
  } finally {
    await rm(probeDir, { recursive: true, force: true });
  }
  return runtimes;
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
  const usersOf = async (imageId: string) =>
    (await (late.containers?.list({ all: true }) ?? Promise.resolve([])))
      .filter((c) => c.ImageID === imageId)
      .map((c) => ({ id: c.Id, running: c.State === 'running' || c.State === 'paused' || c.State === 'restarting' }));
  const images = await composeImages(engineDir, logger.child({ component: 'images' }), usersOf);
  const processes = new LinuxProcessRunner();
  const containers = new DockerContainerService({
    engineDir, execRoot: env.WHARF_EXEC_ROOT, cgroupParent: config['cgroup-parent'] ?? env.WHARF_CGROUP_PARENT,
    images: images.service, runtimes, processes, mounts: new LinuxMountTable(processes),
    cgroups: new LinuxCgroupFs(), clock: new SystemClock(), logger: logger.child({ component: 'containers' }),
  });
  late.containers = containers;
  const events = new EngineEventBus();
  const publish = (event: Parameters<EngineEventBus['publish']>[0]) => events.publish(event);
  containers.on('event', publish);
  images.service.on('event', publish);
  await containers.init();
  const facts = await collectHostFacts();
  const system = systemInfo({ id: await engineId(engineDir), facts, dataDir: env.WHARF_DATA_DIR, containers, runtimes, imageCount: () => images.imageCount(), diskUsage: () => images.diskUsage() });
  const server = new DockerApiServer(
    [...systemRoutes(system, events), ...containerRoutes(containers), ...containerStreamRoutes(containers), ...images.routes],
    logger.child({ component: 'docker-api' }),
  );
  await server.listen(env.WHARF_DOCKER_SOCKET);
  logger.info({ socket: env.WHARF_DOCKER_SOCKET, runtime: runtimes.defaultRuntime }, 'engine ready');
  return {
    socketPath: env.WHARF_DOCKER_SOCKET,
    events,
    stop: async () => {
      // Containers live on under conmon; only the API and our watchers stop (live restore).
      await server.close();
      await containers.close();
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
