import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A process a test started, stopped by its own PID. */
export interface StartedService {
  url: string;
  stop(): Promise<void>;
}

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export async function waitFor(
  check: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      // not ready yet; the deadline below decides
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** A private redis-server on a loopback port, no persistence. */
export async function startRedis(): Promise<StartedService> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  await waitFor(
    () =>
      spawnSync('redis-cli', ['-p', String(port), 'ping'])
        .stdout?.toString()
        .includes('PONG') ?? false,
    'redis',
  );
  return { url: `redis://127.0.0.1:${port}`, stop: () => stopChild(child) };
}

const PG_BIN = '/usr/lib/postgresql/15/bin';

/** A private PostgreSQL 15 cluster in a temp dir, run as the postgres user (initdb refuses root). */
export async function startPostgres(): Promise<StartedService> {
  const dir = mkdtempSync(join(tmpdir(), 'wharf-pg-'));
  const data = join(dir, 'data');
  const pg = spawnSync('id', ['-u', 'postgres']).stdout.toString().trim();
  const uid = Number(pg);
  chownSync(dir, uid, uid);
  const asPostgres = (args: string[]) =>
    spawnSync('runuser', ['-u', 'postgres', '--', ...args], { encoding: 'utf8' });
  const init = asPostgres([
    `${PG_BIN}/initdb`,
    '-D',
    data,
    '-U',
    'wharf',
    '--auth=trust',
    '-E',
    'UTF8',
  ]);
  if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr}`);
  const port = await freePort();
  const child = spawn(
    'runuser',
    [
      '-u',
      'postgres',
      '--',
      `${PG_BIN}/postgres`,
      '-D',
      data,
      '-p',
      String(port),
      '-k',
      dir,
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'fsync=off',
    ],
    { stdio: 'ignore' },
  );
  await waitFor(
    () => asPostgres([`${PG_BIN}/pg_isready`, '-h', '127.0.0.1', '-p', String(port)]).status === 0,
    'postgres',
  );
  return {
    url: `postgresql://wharf@127.0.0.1:${port}/postgres`,
    stop: async () => {
      // runuser is only the parent: pg_ctl waits for the postmaster itself to shut down.
      asPostgres([`${PG_BIN}/pg_ctl`, 'stop', '-D', data, '-m', 'fast', '-w', '-t', '30']);
      await stopChild(child, 'SIGINT');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
