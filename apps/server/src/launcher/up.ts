// `npm run up`: one command for a whole single-machine Wharf: a private Redis (unless REDIS_URL is
// set), the server, and a local agent joined to it. Ctrl-C stops all three; containers keep running
// (the engine re-adopts them on the next start).
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { certificateFingerprint } from '@wharf/pki';

const DATA_DIR = process.env['WHARF_DATA_DIR'] ?? '/var/lib/wharf';
const PORT = Number(process.env['WHARF_PORT'] ?? '9443');
const SERVER_DIR = join(DATA_DIR, 'server');
const DIST = join(__dirname, '..');
const COLORS: Record<string, string> = { redis: '31', server: '36', agent: '32', up: '35' };
const tty = process.stdout.isTTY;

function say(name: string, line: string): void {
  const prefix = `${name.padEnd(6)}|`;
  process.stdout.write(
    `${tty ? `\u001b[${COLORS[name] ?? '0'}m${prefix}\u001b[0m` : prefix} ${line}\n`,
  );
}

interface Child {
  name: string;
  process: ChildProcess;
  exited: Promise<number | null>;
}

function start(name: string, command: string, args: string[], env: NodeJS.ProcessEnv): Child {
  // Own process group: Ctrl-C reaches only the launcher, which then stops the children in order
  // (agent, server, redis) instead of all at once.
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  for (const stream of [child.stdout, child.stderr]) {
    if (stream) createInterface({ input: stream }).on('line', (line) => say(name, line));
  }
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  child.once('error', (error) => say('up', `${name} could not start: ${error.message}`));
  return { name, process: child, exited };
}

async function stop(child: Child | undefined): Promise<void> {
  if (child === undefined || child.process.exitCode !== null || child.process.signalCode !== null)
    return;
  const timer = setTimeout(() => child.process.kill('SIGKILL'), 20_000);
  child.process.kill('SIGTERM');
  await child.exited;
  clearTimeout(timer);
}

async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  child: Child,
  timeoutMs = 60_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (child.process.exitCode !== null)
      throw new Error(`${child.name} exited (code ${child.process.exitCode}) before ${what}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function startRedis(): { child: Child; url: string } {
  const dir = join(SERVER_DIR, 'redis');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const socket = join(dir, 'redis.sock');
  const args = [
    '--port',
    '0',
    '--unixsocket',
    socket,
    '--unixsocketperm',
    '700',
    '--dir',
    dir,
    '--appendonly',
    'yes',
    '--save',
    '',
  ];
  return { child: start('redis', 'redis-server', args, process.env), url: `unix://${socket}` };
}

function getJson(path: string, caPem: string): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: PORT, path, ca: caPem, timeout: 5000 },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => {
          try {
            resolve(JSON.parse(body));
          } catch (error) {
            reject(error instanceof Error ? error : new Error(String(error)));
          }
        });
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function serverAnswers(caFile: string): Promise<boolean> {
  if (!existsSync(caFile)) return false;
  return getJson('/api/v1/setup/status', readFileSync(caFile, 'utf8')).then(
    () => true,
    () => false,
  );
}

function mintJoinToken(env: NodeJS.ProcessEnv): string {
  const result = spawnSync(
    process.execPath,
    [join(DIST, 'server/cli.js'), 'join-token', 'create', '--ttl', '600', '--json'],
    { env, encoding: 'utf8' },
  );
  if (result.status !== 0)
    throw new Error(`could not mint a join token for the local agent: ${result.stderr}`);
  return (JSON.parse(result.stdout) as { token: string }).token;
}

async function main(): Promise<void> {
  mkdirSync(SERVER_DIR, { recursive: true, mode: 0o700 });
  const children: Child[] = [];
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    say('up', `${reason}: stopping agent, server and redis (containers keep running)`);
    for (const child of [...children].reverse()) await stop(child);
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('exit', () =>
    children.forEach((c) => c.process.exitCode === null && c.process.kill('SIGTERM')),
  );

  const pretty = { WHARF_LOG_PRETTY: process.env['WHARF_LOG_PRETTY'] ?? (tty ? '1' : '0') };
  let redisUrl = process.env['REDIS_URL'];
  if (redisUrl === undefined) {
    const redis = startRedis();
    children.push(redis.child);
    redisUrl = redis.url;
    await waitUntil(
      () => existsSync(redisUrl!.replace('unix://', '')),
      'redis socket',
      redis.child,
    );
  }
  const serverEnv = {
    ...process.env,
    ...pretty,
    WHARF_DATA_DIR: DATA_DIR,
    WHARF_PORT: String(PORT),
    REDIS_URL: redisUrl,
  };
  const server = start('server', process.execPath, [join(DIST, 'server/main.js')], serverEnv);
  children.push(server);
  const caFile = join(SERVER_DIR, 'pki/ca.crt');
  await waitUntil(() => serverAnswers(caFile), 'the server to answer', server);
  await startLocalAgent(serverEnv, pretty, children);
  await announce(caFile);
  const first = await Promise.race(
    children.map((c) => c.exited.then((code) => ({ name: c.name, code }))),
  );
  if (!stopping) {
    say('up', `${first.name} exited (code ${first.code}); stopping the rest`);
    await shutdown('exit');
  }
}

async function startLocalAgent(
  serverEnv: NodeJS.ProcessEnv,
  pretty: Record<string, string>,
  children: Child[],
): Promise<void> {
  const joined = existsSync(join(DATA_DIR, 'agent/server.json'));
  const agentEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...pretty,
    WHARF_DATA_DIR: DATA_DIR,
    WHARF_SERVER_URL: `https://127.0.0.1:${PORT}`,
  };
  if (!joined) agentEnv['WHARF_JOIN_TOKEN'] = mintJoinToken(serverEnv);
  say(
    'up',
    joined
      ? 'starting the local agent (already joined)'
      : 'starting the local agent and joining it with a fresh token',
  );
  children.push(start('agent', process.execPath, [join(DIST, 'agent/main.js'), 'run'], agentEnv));
  await Promise.resolve();
}

async function announce(caFile: string): Promise<void> {
  const caPem = readFileSync(caFile, 'utf8');
  const status = (await getJson('/api/v1/setup/status', caPem)) as { needsAdminPassword?: boolean };
  const url = process.env['WHARF_PUBLIC_URL'] ?? `https://127.0.0.1:${PORT}`;
  say('up', `Wharf is up at ${url}`);
  say('up', `CA fingerprint (sha256): ${certificateFingerprint(caPem)}`);
  say(
    'up',
    status.needsAdminPassword
      ? `set the admin password: open ${url} (or restart with WHARF_ADMIN_PASSWORD)`
      : 'admin password is set; log in as "admin"',
  );
  say('up', 'Ctrl-C stops agent, server and redis; containers keep running');
}

main().catch((error: unknown) => {
  say('up', `failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
