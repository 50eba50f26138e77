import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, expect } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

/**
 * A fake upstream resolver on a loopback address, answering `outside.test` with 10.1.2.3. It runs in
 * its own process: the docker CLI calls below block this one's event loop.
 */
const UPSTREAM_SCRIPT = `
const dgram = require('node:dgram');
const dns = require('dns-packet');
const socket = dgram.createSocket('udp4');
socket.on('message', (msg, from) => {
  const q = dns.decode(msg);
  const question = (q.questions || [])[0];
  const known = question && question.name === 'outside.test' && question.type === 'A';
  socket.send(dns.encode({
    type: 'response', id: q.id, flags: dns.RECURSION_AVAILABLE | (known ? 0 : 3),
    questions: q.questions || [],
    answers: known ? [{ type: 'A', name: 'outside.test', ttl: 60, class: 'IN', data: '10.1.2.3' }] : [],
  }), from.port, from.address);
});
socket.bind(53, process.argv[1], () => process.stdout.write('ready\\n'));
`;

async function fakeUpstream(address: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['-e', UPSTREAM_SCRIPT, address], {
    cwd: process.cwd(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`fake resolver exited with ${code}`)));
  });
  return child;
}

export const netnsNames = () =>
  (readdirSync('/run/netns', { withFileTypes: true }) ?? []).map((d) => d.name);
export const links = () =>
  (
    JSON.parse(spawnSync('ip', ['-j', 'link', 'show']).stdout.toString()) as { ifname: string }[]
  ).map((l) => l.ifname);

export async function httpGet(url: string): Promise<string> {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return res.text();
}

/**
 * Note for scripts run in containers: write `timeout 5 wget … || exit 1`, not a bare last command.
 * `sh -c` execs its last command, which then runs as PID 1 and ignores timeout's SIGTERM.
 */

/** One engine for a test file, with busybox imported and a fake upstream resolver on 127.0.0.153. */
export function useNetworkEngine() {
  const ctx = {} as {
    engine: TestEngine;
    docker: (...args: string[]) => ReturnType<TestEngine['docker']>;
    ok: (...args: string[]) => string;
    inside: (network: string, script: string) => ReturnType<TestEngine['docker']>;
  };
  let upstream: ChildProcess | undefined;
  const work = mkdtempSync(join(tmpdir(), 'wharf-net-e2e-'));
  ctx.docker = (...args) => ctx.engine.docker(args);
  ctx.ok = (...args) => {
    const r = ctx.engine.docker(args);
    expect(r.stderr, `docker ${args.join(' ')}`).toBe('');
    expect(r.code, `docker ${args.join(' ')}`).toBe(0);
    return r.stdout.trim();
  };
  ctx.inside = (network, script) =>
    ctx.docker('run', '--rm', '--network', network, 'busybox', 'sh', '-c', script);
  beforeAll(async () => {
    upstream = await fakeUpstream('127.0.0.153');
    ctx.engine = await startEngine({ config: { dns: ['127.0.0.153'] } });
    ctx.ok('import', '-c', 'CMD ["sh"]', buildBusyboxRootfsTar(work), 'busybox');
  });
  afterAll(async () => {
    await ctx.engine?.stop();
    upstream?.kill();
    rmSync(work, { recursive: true, force: true });
  });
  return ctx;
}
