import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { randomBytes, randomInt } from 'node:crypto';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import Docker from 'dockerode';

import { buildIfStale } from './build';
import { waitFor } from './services';

const ROOT = join(__dirname, '..', '..');
const AGENT_MAIN = join(ROOT, 'dist/apps/agent/main.js');
const DOCKER = '/usr/local/bin/docker';

export interface DockerResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** A private wharfd for one test file: its own data dir, socket, exec root and cgroup parent. */
export interface TestEngine {
  socket: string;
  dataDir: string;
  execRoot: string;
  cgroupParent: string;
  /** Default bridge name and nft table of this engine; `subnet` is its bridge's /24 prefix (`10.213.7`). */
  bridge: string;
  table: string;
  subnet: string;
  /** Runs the stock docker CLI against this engine. */
  docker(
    args: string[],
    options?: { input?: string | Buffer; env?: Record<string, string>; timeoutMs?: number },
  ): DockerResult;
  /** The same engine through dockerode. */
  client: Docker;
  /** Log output of the engine process so far. */
  logs(): string;
  /** Stops the engine gracefully (containers keep running) and starts it again on the same state. */
  restart(): Promise<void>;
  /** SIGKILLs the engine process (a crash); call start() to bring it back. */
  kill9(): Promise<void>;
  start(): Promise<void>;
  /** Removes every container, stops the engine, and deletes its state. */
  stop(): Promise<void>;
}

function ensureBuilt(): void {
  buildIfStale(['agent'], [relative(ROOT, AGENT_MAIN)], ['apps/agent/src', 'libs']);
}

function ping(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(
      { socketPath: socket, path: '/_ping', method: 'GET', timeout: 2000 },
      (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      },
    );
    req.on('error', () => resolve(false));
    req.end();
  });
}

/**
 * Starts `wharfd engine` as a child process (root needed: it runs real containers) and waits for
 * `/_ping`. Every path is private to this engine so test files never see each other's state.
 */
export async function startEngine(
  options: { config?: Record<string, unknown> } = {},
): Promise<TestEngine> {
  ensureBuilt();
  const base = mkdtempSync(join(tmpdir(), 'wharf-engine-'));
  const dataDir = join(base, 'data');
  const execRoot = mkdtempSync('/run/wharf-test-');
  const cgroupParent = `wharf-test-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
  const socket = join(base, 'docker.sock');
  const configPath = join(base, 'daemon.json');
  const tag = randomBytes(3).toString('hex');
  const bridge = `wht${tag}`;
  const table = `wharf_test_${tag}`;
  // A private default-bridge subnet (a bridge this test creates), unless the test picks one.
  const subnet = `10.213.${randomInt(1, 250)}`;
  writeFileSync(configPath, JSON.stringify({ bip: `${subnet}.1/24`, ...options.config }));
  mkdirSync(dataDir);
  const logPath = join(base, 'engine.log');
  const env = {
    ...process.env,
    WHARF_DATA_DIR: dataDir,
    WHARF_DOCKER_SOCKET: socket,
    WHARF_EXEC_ROOT: execRoot,
    WHARF_CGROUP_PARENT: cgroupParent,
    WHARF_ENGINE_CONFIG: configPath,
    WHARF_LOG_LEVEL: 'debug',
    WHARF_BRIDGE: bridge,
    WHARF_NFT_TABLE: table,
  };
  let child: ChildProcess | undefined;

  const start = async () => {
    const out = openSync(logPath, 'a');
    child = spawn('node', ['--enable-source-maps', AGENT_MAIN, 'engine'], {
      env,
      stdio: ['ignore', out, out],
    });
    const current = child;
    await waitFor(
      async () => {
        if (current.exitCode !== null)
          throw new Error(
            `engine exited with ${current.exitCode}:\n${readFileSync(logPath, 'utf8')}`,
          );
        return ping(socket);
      },
      'the engine to answer /_ping',
      60_000,
    );
  };
  const exited = (signal: NodeJS.Signals) =>
    new Promise<void>((resolve) => {
      if (!child || child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill(signal);
    });
  const docker: TestEngine['docker'] = (args, opts = {}) => {
    const result = spawnSync(DOCKER, args, {
      input: opts.input,
      env: {
        ...process.env,
        DOCKER_HOST: `unix://${socket}`,
        DOCKER_CONFIG: join(base, 'docker-config'),
        ...opts.env,
      },
      timeout: opts.timeoutMs ?? 120_000,
      // The CLI proxies SIGTERM to the container (whose PID 1 may ignore it): a stuck CLI must die.
      killSignal: 'SIGKILL',
      maxBuffer: 256 * 1024 * 1024,
    });
    return {
      code: result.status ?? -1,
      stdout: result.stdout?.toString() ?? '',
      stderr: result.stderr?.toString() ?? '',
    };
  };

  await start();
  return {
    socket,
    dataDir,
    execRoot,
    cgroupParent,
    bridge,
    table,
    subnet,
    docker,
    client: new Docker({ socketPath: socket }),
    logs: () => readFileSync(logPath, 'utf8'),
    start,
    restart: async () => {
      await exited('SIGTERM');
      await start();
    },
    kill9: () => exited('SIGKILL'),
    stop: async () => {
      if (child && child.exitCode === null) {
        const ids = docker(['ps', '-aq']).stdout.split('\n').filter(Boolean);
        if (ids.length > 0) docker(['rm', '-f', ...ids]);
        docker(['network', 'prune', '-f']);
      }
      await exited('SIGTERM');
      cleanupLeftovers(execRoot, cgroupParent);
      cleanupNetwork(bridge, table);
      rmSync(base, { recursive: true, force: true });
      rmSync(execRoot, { recursive: true, force: true });
    },
  };
}

/** Deletes the engine's default bridge, nft table and any namespace it left. */
function cleanupNetwork(bridge: string, table: string): void {
  spawnSync('ip', ['link', 'del', bridge]);
  spawnSync('nft', ['delete', 'table', 'ip', table]);
  const namespaces = existsSync('/run/netns') ? readdirSync('/run/netns') : [];
  for (const ns of namespaces.filter((n) => n.startsWith(`${table}-`)))
    spawnSync('ip', ['netns', 'del', ns]);
}

/** Unmounts whatever the engine left under its dirs and removes its cgroup parent everywhere. */
function cleanupLeftovers(execRoot: string, cgroupParent: string): void {
  const mounts = readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[4] ?? '');
  for (const mountPoint of mounts
    .filter((m) => m.startsWith(execRoot) || m.includes('/wharf-engine-'))
    .reverse()) {
    spawnSync('umount', ['-l', mountPoint]);
  }
  // Every mounted hierarchy (v1 controllers are separate mounts here, `cpu` and `cpuacct` included).
  for (const controller of ['', ...readdirSync('/sys/fs/cgroup')]) {
    const dir = join('/sys/fs/cgroup', controller, cgroupParent);
    if (existsSync(dir))
      spawnSync('find', [dir, '-depth', '-type', 'd', '-exec', 'rmdir', '{}', ';']);
  }
}
