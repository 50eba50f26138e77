import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';

import Database from 'better-sqlite3';
import { Client } from 'pg';
import { Agent, fetch } from 'undici';
import { inject } from 'vitest';

import { buildIfStale } from './build';
import { freePort, waitFor } from './services';

const ROOT = join(__dirname, '..', '..');
const SERVER_MAIN = join(ROOT, 'dist/apps/server/main.js');
const SERVER_CLI = join(ROOT, 'dist/apps/server/cli.js');
const AGENT_MAIN = join(ROOT, 'dist/apps/agent/main.js');

/** The admin password {@link WharfServer.createAdmin} sets unless told otherwise. */
export const TEST_ADMIN_PASSWORD = 'correct horse battery staple';

let built = false;

/** Builds the Prisma clients when missing, and the server and agent bundles when missing or stale. */
export function ensureBuilt(): void {
  if (built) return;
  if (
    !existsSync(join(ROOT, 'node_modules/@wharf-db/sqlite')) ||
    !existsSync(join(ROOT, 'node_modules/@wharf-db/postgresql'))
  ) {
    const gen = spawnSync(process.execPath, ['scripts/prisma.mjs', 'generate'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (gen.status !== 0) throw new Error('prisma generate failed');
  }
  // The bundles include every lib but the web's; prisma/ holds the schemas the clients come from.
  buildIfStale(
    ['server', 'agent'],
    [SERVER_MAIN, SERVER_CLI, AGENT_MAIN].map((p) => relative(ROOT, p)),
    ['apps/server/src', 'apps/agent/src', 'libs', 'prisma'],
  );
  built = true;
}

/** A process with its combined output kept for assertions and failure messages. */
class Supervised {
  private output = '';
  readonly exited: Promise<number | null>;

  constructor(readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  get logs(): string {
    return this.output;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.running) {
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000);
      this.child.kill(signal);
      const code = await this.exited;
      clearTimeout(timer);
      return code;
    }
    return this.exited;
  }
}

/**
 * A cookie-keeping HTTPS client for the REST API that trusts only the server's CA and echoes the
 * CSRF cookie in `x-csrf-token` on state-changing requests (as the web UI does).
 */
export class ApiClient {
  readonly cookies = new Map<string, string>();
  /** Set to false to leave the CSRF header out (to test that the server requires it). */
  sendCsrf = true;

  constructor(
    readonly baseUrl: string,
    private readonly dispatcher: Agent,
  ) {}

  /** Sends a request to `/api/v1<path>`; `body` is JSON-encoded unless it is a string. */
  async request(
    method: string,
    path: string,
    body?: unknown,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON bodies: the tests' assertions check their shape
  ): Promise<{ status: number; body: any; headers: Headers }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookies.size > 0)
      headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const csrf = this.cookies.get('wharf_csrf');
    if (this.sendCsrf && csrf !== undefined && method !== 'GET') headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      dispatcher: this.dispatcher,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name === undefined) continue;
      if (/expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name.trim());
      else this.cookies.set(name.trim(), value.join('='));
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      parsed = text; // not JSON (static files): the raw text is what the caller wants
    }
    return { status: res.status, body: parsed, headers: res.headers as unknown as Headers };
  }

  /** The `Cookie` header value, for socket.io clients. */
  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
}

export interface WharfServerOptions {
  /** Default 'sqlite' (a file in the temp data dir); 'postgresql' creates a fresh database on the injected cluster. */
  database?: 'sqlite' | 'postgresql';
  /** Default: the integration run's Redis (`inject('redisUrl')`). */
  redisUrl?: string;
  /** Default: `inject('postgresUrl')` (an admin URL to database `postgres`). */
  postgresUrl?: string;
  /** Extra environment, e.g. `{ WHARF_ADMIN_PASSWORD: '…' }`. */
  env?: Record<string, string>;
  /** Reuse a data dir (restart tests); by default a new temp dir, removed by stop(). */
  dataDir?: string;
}

/** A running `dist/apps/server/main.js` on a free loopback port with its own data dir. */
export interface WharfServer {
  /** `https://127.0.0.1:<port>` (also the public URL put into join commands). */
  url: string;
  port: number;
  dataDir: string;
  caPem: string;
  caFingerprint: string;
  database: 'sqlite' | 'postgresql';
  /** Everything the server printed so far. */
  logs(): string;
  /** A new, logged-out API client (its own cookie jar). */
  api(): ApiClient;
  /** Sets the admin password through first-run setup; returns a logged-in admin client. */
  createAdmin(password?: string): Promise<ApiClient>;
  /** Mints a join token with `wharf join-token create --json` (the CLI, against the same data dir/database). */
  mintJoinToken(
    ttlSeconds?: number,
  ): Promise<{ id: string; token: string; expiresAt: string; joinCommand: string }>;
  /** Runs `dist/apps/server/cli.js <args>` against this server's data dir and database. */
  cli(args: string[]): { code: number | null; stdout: string; stderr: string };
  /** Runs SQL against the server's database (SQLite: `?` params; PostgreSQL: `$1` params). */
  sql(query: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  /** Stops the process (SIGTERM) but keeps data and database, so {@link startWharfServer} can reuse them. */
  stopProcess(): Promise<number | null>;
  /** Stops the process and removes the data dir and (PostgreSQL) the database. */
  stop(): Promise<void>;
}

async function createPgDatabase(adminUrl: string): Promise<string> {
  const name = `wharf_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function dropPgDatabase(adminUrl: string, databaseUrl: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  await client.query(
    `DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`,
  );
  await client.end();
}

async function runSql(
  database: 'sqlite' | 'postgresql',
  target: string,
  query: string,
  params: unknown[],
): Promise<Record<string, unknown>[]> {
  if (database === 'sqlite') {
    const db = new Database(target);
    try {
      const statement = db.prepare(query);
      return statement.reader
        ? (statement.all(...params) as Record<string, unknown>[])
        : (statement.run(...params), []);
    } finally {
      db.close();
    }
  }
  const client = new Client({ connectionString: target });
  await client.connect();
  try {
    return (await client.query(query, params)).rows as Record<string, unknown>[];
  } finally {
    await client.end();
  }
}

async function waitForServer(proc: Supervised, dataDir: string, url: string): Promise<string> {
  const caFile = join(dataDir, 'server/pki/ca.crt');
  const ready = waitFor(
    () => proc.logs.includes('wharf server ready') && existsSync(caFile),
    'wharf server ready',
    60_000,
  );
  const died = proc.exited.then((code) => {
    throw new Error(`exited with code ${code}`);
  });
  await Promise.race([ready, died]).catch((error: unknown) => {
    throw new Error(`wharf server did not start (${String(error)}):\n${proc.logs}`);
  });
  died.catch(() => undefined); // the race above already reported an early exit; a later one is stop()'s business
  const caPem = readFileSync(caFile, 'utf8');
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const res = await fetch(`${url}/api/v1/setup/status`, { dispatcher });
  if (res.status !== 200) throw new Error(`server answered ${res.status} to setup/status`);
  await dispatcher.close();
  return caPem;
}

/**
 * Starts the BUILT server (`dist/apps/server/main.js`; runs the build once if dist is missing) on a
 * free port of 127.0.0.1 with a temp data dir, SQLite or a fresh PostgreSQL database, and the
 * integration run's Redis. Resolves once the REST API answers. Always `await server.stop()`.
 */
export async function startWharfServer(options: WharfServerOptions = {}): Promise<WharfServer> {
  ensureBuilt();
  const database = options.database ?? 'sqlite';
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wharf-server-'));
  const port = await freePort();
  const url = `https://127.0.0.1:${port}`;
  const pgAdmin =
    database === 'postgresql' ? (options.postgresUrl ?? inject('postgresUrl')) : undefined;
  const databaseUrl =
    pgAdmin === undefined
      ? undefined
      : (options.env?.['DATABASE_URL'] ?? (await createPgDatabase(pgAdmin)));
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    WHARF_DATA_DIR: dataDir,
    WHARF_PORT: String(port),
    WHARF_HOST: '127.0.0.1',
    WHARF_PUBLIC_URL: url,
    REDIS_URL: options.redisUrl ?? inject('redisUrl'),
    // One Redis serves every test server: each installation (replicas share a data dir) its own keys.
    WHARF_REDIS_PREFIX: `wharf-${basename(dataDir)}`,
    WHARF_LOG_LEVEL: 'info',
    ...(databaseUrl === undefined ? {} : { DATABASE_URL: databaseUrl }),
    ...options.env,
  };
  const proc = new Supervised(
    spawn(process.execPath, [SERVER_MAIN], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  const caPem = await waitForServer(proc, dataDir, url).catch(async (error: unknown) => {
    await proc.stop('SIGKILL');
    throw error;
  });
  const dispatcher = new Agent({ connect: { ca: caPem } });
  const fingerprint = /"caFingerprint":"([0-9a-f]{64})"/.exec(proc.logs)?.[1] ?? '';
  const sqlTarget = databaseUrl ?? join(dataDir, 'server/wharf.db');
  const server: WharfServer = {
    url,
    port,
    dataDir,
    caPem,
    caFingerprint: fingerprint,
    database,
    logs: () => proc.logs,
    api: () => new ApiClient(url, dispatcher),
    async createAdmin(password = TEST_ADMIN_PASSWORD) {
      const client = server.api();
      const res = await client.request('POST', '/setup/admin', { password });
      if (res.status !== 200)
        throw new Error(`setup/admin answered ${res.status}: ${JSON.stringify(res.body)}`);
      return client;
    },
    mintJoinToken(ttlSeconds = 3600) {
      const result = spawnSync(
        process.execPath,
        [SERVER_CLI, 'join-token', 'create', '--ttl', String(ttlSeconds), '--json'],
        { env, encoding: 'utf8' },
      );
      if (result.status !== 0)
        return Promise.reject(new Error(`wharf join-token create failed: ${result.stderr}`));
      return Promise.resolve(
        JSON.parse(result.stdout) as {
          id: string;
          token: string;
          expiresAt: string;
          joinCommand: string;
        },
      );
    },
    cli(args) {
      const result = spawnSync(process.execPath, [SERVER_CLI, ...args], { env, encoding: 'utf8' });
      return { code: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    sql: (query, params = []) => runSql(database, sqlTarget, query, params),
    stopProcess: () => proc.stop(),
    async stop() {
      await proc.stop();
      await dispatcher.close();
      if (
        pgAdmin !== undefined &&
        databaseUrl !== undefined &&
        options.env?.['DATABASE_URL'] === undefined
      )
        await dropPgDatabase(pgAdmin, databaseUrl);
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

export interface WharfAgentOptions {
  /** Join token for the first start (WHARF_JOIN_TOKEN); default: a fresh one from `server.mintJoinToken()`. Pass null to start without one. */
  token?: string | null;
  /** Server URL given to the agent; default `server.url`. */
  serverUrl?: string;
  /** Reuse an agent data dir (restart tests); default a new temp dir, removed by stop(). */
  dataDir?: string;
  env?: Record<string, string>;
}

/** A `dist/apps/agent/main.js run` process with its own data dir, Docker socket, exec root and cgroup parent. */
export interface WharfAgent {
  dataDir: string;
  /** Everything the agent printed so far. */
  logs(): string;
  /** Resolves with the exit code when the agent exits by itself (failed join, removed host). */
  exited: Promise<number | null>;
  /** Stops the agent (SIGTERM), keeping its data dir. */
  stopProcess(signal?: NodeJS.Signals): Promise<number | null>;
  /** Stops the agent and removes its temp dirs. */
  stop(): Promise<void>;
}

/**
 * Starts an agent in `run` mode against `server` (joining with a token on first start). `run` also
 * starts a container engine, so every engine path is private to this agent.
 */
export async function startWharfAgent(
  server: Pick<WharfServer, 'url' | 'mintJoinToken'>,
  options: WharfAgentOptions = {},
): Promise<WharfAgent> {
  ensureBuilt();
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'wharf-agent-'));
  const id = randomBytes(4).toString('hex');
  const token = options.token === undefined ? (await server.mintJoinToken()).token : options.token;
  const env: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    WHARF_DATA_DIR: dataDir,
    WHARF_DOCKER_SOCKET: join(dataDir, 'docker.sock'),
    WHARF_EXEC_ROOT: join(dataDir, 'run'),
    WHARF_CGROUP_PARENT: `wharf-test-${id}`,
    WHARF_BRIDGE: `wha${id}`,
    WHARF_NFT_TABLE: `wharf_agent_${id}`,
    WHARF_ENGINE_CONFIG: join(dataDir, 'daemon.json'),
    WHARF_SERVER_URL: options.serverUrl ?? server.url,
    WHARF_LOG_LEVEL: 'info',
    ...(token === null ? {} : { WHARF_JOIN_TOKEN: token }),
    ...options.env,
  };
  const proc = new Supervised(
    spawn(process.execPath, [AGENT_MAIN, 'run'], { env, stdio: ['ignore', 'pipe', 'pipe'] }),
  );
  return {
    dataDir,
    logs: () => proc.logs,
    exited: proc.exited,
    stopProcess: (signal) => proc.stop(signal),
    async stop() {
      await proc.stop();
      // The engine's default bridge and nft table outlive it (as docker0 does); this test made them.
      spawnSync('ip', ['link', 'del', `wha${id}`]);
      spawnSync('nft', ['delete', 'table', 'ip', `wharf_agent_${id}`]);
      if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Runs one agent command to completion (`join`, `facts`) and returns its exit code and output. */
export function runAgentCommand(
  args: string[],
  env: Record<string, string>,
): { code: number | null; stdout: string; stderr: string } {
  ensureBuilt();
  const result = spawnSync(process.execPath, [AGENT_MAIN, ...args], {
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', WHARF_LOG_LEVEL: 'warn', ...env },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
