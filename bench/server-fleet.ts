/**
 * Fleet server at scale: simulated agents (light clients speaking the real agent protocol over
 * mutual TLS, each with its own certificate from a real join) against one real server.
 *   hosts × containers (BENCH_HOSTS, default 1000; BENCH_CONTAINERS, default 50)
 * Measures: time to accept every agent (hello + snapshot acknowledged), server RSS, p95 of agent
 * event → subscribed browser socket, p95 of the all-hosts container list API.
 * Run through bench/server-fleet.sh (which bundles this file and starts a private Redis).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { type StateEvent } from '@wharf/contracts';
import { createCertificateRequest } from '@wharf/pki';
import { io, type Socket } from 'socket.io-client';
import { Agent, fetch } from 'undici';

const HOSTS = Number(process.env['BENCH_HOSTS'] ?? 1000);
const CONTAINERS = Number(process.env['BENCH_CONTAINERS'] ?? 50);
const REDIS_URL = process.env['BENCH_REDIS_URL'] ?? 'redis://127.0.0.1:6379';
const PORT = Number(process.env['BENCH_PORT'] ?? 19443);
const ROOT = process.env['BENCH_ROOT'] ?? process.cwd();

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? NaN;

async function pool<T>(
  items: T[],
  width: number,
  work: (item: T, i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) {
        const i = next++;
        await work(items[i]!, i);
      }
    }),
  );
}

function container(host: number, i: number, name = `c-${host}-${i}`) {
  return {
    Id: randomBytes(32).toString('hex'),
    Names: [`/${name}`],
    Image: 'busybox',
    State: i % 3 === 0 ? 'exited' : 'running',
    Status: 'Up 1 minute',
    Created: Math.floor(Date.now() / 1000) - i,
    Labels: {},
  };
}

async function startServer(dataDir: string) {
  const child = spawn(process.execPath, [join(ROOT, 'dist/apps/server/main.js')], {
    env: {
      PATH: process.env['PATH'] ?? '/usr/bin:/bin',
      WHARF_DATA_DIR: dataDir,
      WHARF_PORT: String(PORT),
      WHARF_HOST: '127.0.0.1',
      WHARF_PUBLIC_URL: `https://127.0.0.1:${PORT}`,
      REDIS_URL,
      WHARF_LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const url = `https://127.0.0.1:${PORT}`;
  for (let i = 0; i < 600; i++) {
    await sleep(100);
    try {
      const ca = readFileSync(join(dataDir, 'server/pki/ca.crt'), 'utf8');
      const res = await fetch(`${url}/api/v1/setup/status`, {
        dispatcher: new Agent({ connect: { ca } }),
      });
      if (res.status === 200) return { child, url, ca };
    } catch {
      // not up yet: keep polling
    }
  }
  child.kill('SIGKILL');
  throw new Error('server did not start');
}

class Http {
  cookies = new Map<string, string>();
  constructor(
    private readonly url: string,
    private readonly dispatcher: Agent,
  ) {}
  cookie = () => [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  async call(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; json: unknown }> {
    const headers: Record<string, string> = { cookie: this.cookie() };
    if (body !== undefined) headers['content-type'] = 'application/json';
    const csrf = this.cookies.get('wharf_csrf');
    if (csrf !== undefined && method !== 'GET') headers['x-csrf-token'] = csrf;
    const res = await fetch(`${this.url}/api/v1${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      dispatcher: this.dispatcher,
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (name !== undefined) this.cookies.set(name.trim(), value.join('='));
    }
    const text = await res.text();
    return { status: res.status, json: text === '' ? undefined : (JSON.parse(text) as unknown) };
  }
}

interface SimAgent {
  socket: Socket;
  epoch: string;
  seq: number;
  index: number;
}

async function joinAll(
  http: Http,
  url: string,
  ca: string,
): Promise<{ certPem: string; keyPem: string }[]> {
  const token = (await http.call('POST', '/hosts/join-tokens', { ttlSeconds: 3600 })).json as {
    token: string;
  };
  const creds: { certPem: string; keyPem: string }[] = [];
  const dispatcher = new Agent({ connect: { ca } });
  await pool([...Array(HOSTS).keys()], 16, async (i) => {
    const { csrPem, keyPem } = await createCertificateRequest(`sim-${i}`);
    const facts = {
      hostname: `sim-${i}`,
      os: 'sim',
      kernel: 'sim',
      arch: 'x64',
      cpus: 2,
      memoryBytes: 1 << 30,
      cgroupVersion: 'v2',
      runtime: null,
      engineVersion: 'sim',
    };
    const res = await fetch(`${url}/api/v1/agents/join`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: token.token, csrPem, facts }),
      dispatcher,
    });
    const body = (await res.json()) as { certificatePem: string };
    creds[i] = { certPem: body.certificatePem, keyPem };
  });
  return creds;
}

function connectAgent(
  url: string,
  ca: string,
  cred: { certPem: string; keyPem: string },
  index: number,
): Promise<SimAgent> {
  return new Promise((resolve, reject) => {
    const socket = io(`${url}/agent`, {
      transports: ['websocket'],
      forceNew: true,
      ca,
      cert: cred.certPem,
      key: cred.keyPem,
      reconnection: false,
      timeout: 60_000,
    });
    const sim: SimAgent = { socket, epoch: randomBytes(8).toString('hex'), seq: 0, index };
    socket.once('connect_error', reject);
    socket.once('connect', () => {
      const facts = {
        hostname: `sim-${index}`,
        os: 'sim',
        kernel: 'sim',
        arch: 'x64',
        cpus: 2,
        memoryBytes: 1 << 30,
        cgroupVersion: 'v2',
        runtime: null,
        engineVersion: 'sim',
      };
      socket.emit('agent.hello', { facts, sync: { epoch: sim.epoch, seq: 0 } }, () => {
        const snapshot = {
          epoch: sim.epoch,
          seq: 0,
          containers: Array.from({ length: CONTAINERS }, (_, i) => container(index, i)),
          images: [
            {
              Id: `sha256:${index}`,
              RepoTags: ['busybox:latest'],
              Size: 1000,
              Created: 0,
              Labels: {},
            },
          ],
          volumes: [],
          networks: [],
        };
        socket.emit('agent.snapshot', snapshot, () => resolve(sim));
      });
    });
  });
}

function rssMiB(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return kb / 1024;
}

async function measureEvents(
  agents: SimAgent[],
  url: string,
  ca: string,
  cookie: string,
): Promise<number[]> {
  const ui = io(`${url}/ui`, {
    transports: ['websocket'],
    forceNew: true,
    ca,
    extraHeaders: { cookie },
  });
  await new Promise<void>((resolve, reject) => {
    ui.once('connect', resolve);
    ui.once('connect_error', reject);
  });
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  ui.on('inventory.changed', (change: { item: { name: string } | null }) => {
    const at = change.item === null ? undefined : sent.get(change.item.name);
    if (at !== undefined) latencies.push(performance.now() - at);
  });
  for (let i = 0; i < 200; i++) {
    const sim = agents[(i * 7919) % agents.length]!;
    const name = `probe-${i}`;
    sim.seq += 1;
    const event: StateEvent = {
      seq: sim.seq,
      kind: 'container',
      id: `probe-${sim.index}-${i}`,
      action: 'create',
      time: Date.now(),
      object: container(sim.index, 1, name),
    };
    sent.set(name, performance.now());
    sim.socket.emit('agent.events', { epoch: sim.epoch, events: [event] }, () => undefined);
    await sleep(20);
  }
  for (let i = 0; i < 100 && latencies.length < 200; i++) await sleep(100);
  ui.disconnect();
  return latencies;
}

async function measureList(http: Http): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < 100; i++) {
    const page = 1 + ((i * 37) % Math.max(1, Math.floor((HOSTS * CONTAINERS) / 50)));
    const t0 = performance.now();
    const res = await http.call(
      'GET',
      `/containers?page=${page}&pageSize=50&sort=${i % 2 === 0 ? 'name' : '-created'}`,
    );
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`list answered ${res.status}`);
  }
  return times;
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'wharf-bench-fleet-'));
  const { child, url, ca } = await startServer(dataDir);
  const agents: SimAgent[] = [];
  try {
    const dispatcher = new Agent({ connect: { ca } });
    const http = new Http(url, dispatcher);
    const setup = await http.call('POST', '/setup/admin', { password: 'bench password 1234' });
    if (setup.status !== 200) throw new Error(`setup answered ${setup.status}`);
    const creds = await joinAll(http, url, ca);
    const rssIdle = rssMiB(child.pid!);
    const t0 = performance.now();
    await pool(creds, 64, async (cred, i) => {
      agents.push(await connectAgent(url, ca, cred, i));
    });
    const acceptMs = performance.now() - t0;
    const rssLoaded = rssMiB(child.pid!);
    const events = await measureEvents(agents, url, ca, http.cookie());
    const lists = await measureList(http);
    const results = {
      hosts: HOSTS,
      containersPerHost: CONTAINERS,
      acceptAllMs: Math.round(acceptMs),
      serverRssIdleMiB: Math.round(rssIdle),
      serverRssMiB: Math.round(rssLoaded),
      eventToBrowserP95Ms: Math.round(p95(events)),
      eventsReceived: events.length,
      listP95Ms: Math.round(p95(lists)),
    };
    const rows: [string, string, string][] = [
      ['accept all agents (hello + snapshot)', `${results.acceptAllMs} ms`, '-'],
      ['server RSS with all agents', `${results.serverRssMiB} MiB`, '< 1024 MiB'],
      [
        'agent event -> browser p95',
        `${results.eventToBrowserP95Ms} ms (${events.length}/200)`,
        '< 500 ms',
      ],
      ['GET /containers (all hosts) p95', `${results.listP95Ms} ms`, '< 200 ms'],
    ];
    process.stdout.write(`server-fleet: ${HOSTS} hosts x ${CONTAINERS} containers\n`);
    for (const [name, value, target] of rows)
      process.stdout.write(`  ${name.padEnd(40)} ${value.padEnd(24)} ${target}\n`);
    writeFileSync(
      join(ROOT, 'bench/results/server-fleet.json'),
      `${JSON.stringify(results, null, 2)}\n`,
    );
  } finally {
    for (const a of agents) a.socket.disconnect();
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(
      `server-fleet: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exit(1);
  },
);
