import { spawnSync } from 'node:child_process';

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

import { links, useNetworkEngine } from './network-fixture';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('network e2e tests need root in CI');

describe.runIf(isRoot)('container networking through the stock docker CLI', () => {
  const net = useNetworkEngine();
  const docker = (...args: string[]) => net.docker(...args);
  const ok = (...args: string[]) => net.ok(...args);
  const inside = (network: string, script: string) => net.inside(network, script);

  it('default bridge: bip subnet, sequential addresses, Docker MACs, ping by address, forwarding and masquerade', () => {
    const bridge = JSON.parse(ok('network', 'inspect', 'bridge'))[0];
    expect(bridge.IPAM.Config[0]).toMatchObject({
      Subnet: `${net.engine.subnet}.0/24`,
      Gateway: `${net.engine.subnet}.1`,
    });
    const a = ok('run', '-d', '--name', 'seq-a', 'busybox', 'sleep', '300');
    const b = ok('run', '-d', '--name', 'seq-b', 'busybox', 'sleep', '300');
    const ipOf = (id: string) => ok('inspect', '-f', '{{.NetworkSettings.IPAddress}}', id);
    expect(ipOf(a)).toBe(`${net.engine.subnet}.2`);
    expect(ipOf(b)).toBe(`${net.engine.subnet}.3`);
    const [, , third] = net.engine.subnet.split('.').map(Number);
    expect(ok('inspect', '-f', '{{.NetworkSettings.MacAddress}}', a)).toBe(
      `02:42:0a:d5:${third!.toString(16).padStart(2, '0')}:02`,
    );
    expect(ok('exec', 'seq-a', 'ping', '-c', '1', '-W', '2', `${net.engine.subnet}.3`)).toContain(
      '1 packets received',
    );
    expect(ok('exec', 'seq-a', 'ip', 'route')).toContain(`default via ${net.engine.subnet}.1`);
    // The ping shows in the container's network counters (stats' `networks`, eth0 only).
    const netIO = ok('stats', '--no-stream', '--format', '{{.NetIO}}', 'seq-a');
    expect(netIO).toMatch(/^[\d.]+[kMG]?B \/ [\d.]+[kMG]?B$/);
    expect(netIO).not.toBe('0B / 0B');
    expect(spawnSync('cat', ['/proc/sys/net/ipv4/ip_forward']).stdout.toString().trim()).toBe('1');
    const table = spawnSync('nft', ['list', 'table', 'ip', net.engine.table]).stdout.toString();
    expect(table).toContain(
      `ip saddr ${net.engine.subnet}.0/24 oifname != "${net.engine.bridge}" masquerade`,
    );
    expect(table).toContain('chain user');
    ok('rm', '-f', 'seq-a', 'seq-b');
    // Addresses are given back: the next container gets .2 again.
    expect(ok('run', '--rm', 'busybox', 'ip', '-o', '-4', 'addr', 'show', 'eth0')).toContain(
      `${net.engine.subnet}.2/24`,
    );
  });

  it('host, none and container:<name> modes', () => {
    expect(ok('run', '--rm', '--network', 'host', 'busybox', 'ip', 'link')).toContain(
      net.engine.bridge,
    );
    const none = ok('run', '--rm', '--network', 'none', 'busybox', 'ip', '-o', 'link');
    expect(none.split('\n').map((l) => l.split(':')[1]?.trim())).toEqual(['lo']);
    ok('run', '-d', '--name', 'owner', 'busybox', 'httpd', '-f', '-p', '8080', '-h', '/etc');
    const ownerIp = ok('inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'owner');
    const joined = ok(
      'run',
      '--rm',
      '--network',
      'container:owner',
      'busybox',
      'sh',
      '-c',
      'ip -o -4 addr show eth0; wget -qO- http://127.0.0.1:8080/hostname',
    );
    expect(joined).toContain(`${ownerIp}/24`);
    ok('stop', '-t', '0', 'owner');
    const refused = docker('run', '--rm', '--network', 'container:owner', 'busybox', 'true');
    expect(refused.stderr).toContain('cannot join network of a non running container');
    ok('rm', 'owner');
  });

  it('user-defined networks: IPAM options, --ip, ls filters and format, rm rules, prune', () => {
    ok(
      'network',
      'create',
      '--subnet',
      '10.214.0.0/24',
      '--ip-range',
      '10.214.0.128/25',
      '--gateway',
      '10.214.0.254',
      '--aux-address',
      'printer=10.214.0.129',
      '--opt',
      'com.docker.network.driver.mtu=1400',
      '--label',
      'team=blue',
      'blue',
    );
    const net = JSON.parse(ok('network', 'inspect', 'blue'))[0];
    expect(net.IPAM.Config[0]).toMatchObject({
      Subnet: '10.214.0.0/24',
      IPRange: '10.214.0.128/25',
      Gateway: '10.214.0.254',
      AuxiliaryAddresses: { printer: '10.214.0.129' },
    });
    expect(net.Labels).toEqual({ team: 'blue' });
    // The range starts at .128 (the network address of the range) which is taken only as an address.
    const first = ok(
      'run',
      '--rm',
      '--network',
      'blue',
      'busybox',
      'ip',
      '-o',
      '-4',
      'addr',
      'show',
      'eth0',
    );
    expect(first).toMatch(/10\.214\.0\.(128|130)\/24/);
    expect(
      ok('run', '--rm', '--network', 'blue', 'busybox', 'cat', '/sys/class/net/eth0/mtu'),
    ).toBe('1400');
    const fixed = ok(
      'run',
      '--rm',
      '--network',
      'blue',
      '--ip',
      '10.214.0.200',
      'busybox',
      'ip',
      '-o',
      '-4',
      'addr',
      'show',
      'eth0',
    );
    expect(fixed).toContain('10.214.0.200/24');
    expect(
      ok('network', 'ls', '--filter', 'label=team=blue', '--format', '{{.Name}} {{.Driver}}'),
    ).toBe('blue bridge');
    expect(
      ok('network', 'ls', '--filter', 'type=builtin', '--format', '{{.Name}}').split('\n').sort(),
    ).toEqual(['bridge', 'host', 'none']);
    expect(docker('network', 'rm', 'bridge').stderr).toContain(
      'bridge is a pre-defined network and cannot be removed',
    );
    ok('run', '-d', '--name', 'blue-user', '--network', 'blue', 'busybox', 'sleep', '300');
    expect(docker('network', 'rm', 'blue').stderr).toContain('has active endpoints');
    const [inspect] = JSON.parse(ok('network', 'inspect', 'blue')) as {
      Containers: Record<string, { Name: string }>;
    }[];
    expect(Object.values(inspect?.Containers ?? {}).map((c) => c.Name)).toEqual(['blue-user']);
    ok('rm', '-f', 'blue-user');
    ok('network', 'create', 'unused');
    const [unused] = JSON.parse(ok('network', 'inspect', 'unused')) as { Id: string }[];
    const bridgeName = `br-${unused?.Id.slice(0, 12)}`;
    expect(links()).toContain(bridgeName);
    ok('network', 'create', '--label', 'team=a', 'team-only');
    const filtered = ok(
      'network',
      'prune',
      '-f',
      '--filter',
      'label=team=a',
      '--filter',
      'label=x',
    );
    expect(filtered).not.toContain('team-only'); // every label filter must match
    expect(ok('network', 'prune', '-f', '--filter', 'label=team=a')).toContain('team-only');
    expect(ok('network', 'prune', '-f')).toContain('unused');
    expect(links()).not.toContain(bridgeName);
    expect(docker('network', 'inspect', 'blue').code).not.toBe(0);
  });

  it('embedded DNS: names, aliases and short ids on the same network only; other names go upstream', () => {
    ok('network', 'create', 'dns-a');
    ok('network', 'create', 'dns-b');
    const id = ok(
      'run',
      '-d',
      '--name',
      'web',
      '--network',
      'dns-a',
      '--network-alias',
      'www',
      'busybox',
      'httpd',
      '-f',
      '-p',
      '80',
      '-h',
      '/etc',
    );
    const ip = ok(
      'inspect',
      '-f',
      '{{(index .NetworkSettings.Networks "dns-a").IPAddress}}',
      'web',
    );
    for (const name of ['web', 'www', id.slice(0, 12)]) {
      const r = inside('dns-a', `nslookup ${name}`);
      expect(r.stdout, name).toContain(`Address: ${ip}`);
    }
    expect(inside('dns-a', 'wget -qO- http://web/hostname').stdout.trim()).toBe(id.slice(0, 12));
    expect(inside('dns-b', 'nslookup web').stdout).not.toContain(ip);
    expect(inside('dns-a', 'nslookup outside.test').stdout).toContain('10.1.2.3');
    expect(inside('dns-a', 'cat /etc/resolv.conf').stdout).toMatch(
      /^nameserver 10\.\d+\.\d+\.1|^nameserver 1\d\d\.\d+\.0\.1/m,
    );
    ok('rm', '-f', 'web');
  });

  it('isolation: different networks cannot reach each other until connected; connect adds eth1 with --ip/--alias, disconnect removes it', () => {
    ok('network', 'create', '--subnet', '10.215.1.0/24', 'iso-a');
    ok('network', 'create', '--subnet', '10.215.2.0/24', 'iso-b');
    ok(
      'run',
      '-d',
      '--name',
      'srv',
      '--network',
      'iso-b',
      '--ip',
      '10.215.2.10',
      'busybox',
      'httpd',
      '-f',
      '-p',
      '80',
      '-h',
      '/etc',
    );
    ok('run', '-d', '--name', 'cli', '--network', 'iso-a', 'busybox', 'sleep', '300');
    expect(
      docker('exec', 'cli', 'sh', '-c', `timeout 2 wget -qO- http://10.215.2.10/hostname || exit 1`)
        .code,
    ).not.toBe(0);
    ok('network', 'connect', '--ip', '10.215.2.20', '--alias', 'client', 'iso-b', 'cli');
    expect(ok('exec', 'cli', 'ip', '-o', '-4', 'addr', 'show', 'eth1')).toContain('10.215.2.20/24');
    expect(
      ok('exec', 'cli', 'sh', '-c', `timeout 5 wget -qO- http://10.215.2.10/hostname || exit 1`)
        .length,
    ).toBe(12);
    expect(ok('exec', 'srv', 'nslookup', 'client')).toContain('10.215.2.20');
    ok('network', 'disconnect', 'iso-b', 'cli');
    expect(docker('exec', 'cli', 'ip', 'link', 'show', 'eth1').code).not.toBe(0);
    expect(
      docker('exec', 'cli', 'sh', '-c', `timeout 2 wget -qO- http://10.215.2.10/hostname || exit 1`)
        .code,
    ).not.toBe(0);
    ok('rm', '-f', 'srv', 'cli');
  });

  it('legacy links, --hostname, --add-host, --dns, --dns-search and --dns-option', () => {
    ok(
      'run',
      '-d',
      '--name',
      'db',
      '--expose',
      '5432',
      '-e',
      'SECRET=x',
      'busybox',
      'sleep',
      '300',
    );
    const dbIp = ok('inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'db');
    const out = ok(
      'run',
      '--rm',
      '--name',
      'app',
      '--link',
      'db:database',
      '--hostname',
      'apphost',
      '--add-host',
      'printer.lan:10.9.9.9',
      '--dns',
      '10.8.8.8',
      '--dns-search',
      'corp.example',
      '--dns-option',
      'ndots:2',
      'busybox',
      'sh',
      '-c',
      'cat /etc/hosts /etc/resolv.conf; env; hostname',
    );
    expect(out).toMatch(new RegExp(`${dbIp.replaceAll('.', '\\.')}\\tdatabase [0-9a-f]{12} db`));
    expect(out).toContain('10.9.9.9\tprinter.lan');
    expect(out).toMatch(/\tapphost$/m);
    expect(out).toContain('nameserver 10.8.8.8');
    expect(out).toContain('search corp.example');
    expect(out).toContain('options ndots:2');
    expect(out).toContain(`DATABASE_PORT_5432_TCP=tcp://${dbIp}:5432`);
    expect(out).toContain(`DATABASE_PORT_5432_TCP_ADDR=${dbIp}`);
    expect(out).toContain('DATABASE_NAME=/app/database');
    expect(out).toContain('DATABASE_ENV_SECRET=x');
    ok('rm', '-f', 'db');
  });
});

describe.runIf(isRoot)('an engine with icc=false', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-icc-e2e-'));
  beforeAll(async () => {
    engine = await startEngine({ config: { icc: false } });
    engine.docker(['import', '-c', 'CMD ["sh"]', buildBusyboxRootfsTar(work), 'busybox']);
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('keeps containers on the default bridge apart but lets them reach the gateway', () => {
    const run = (...args: string[]) => engine.docker(['run', ...args]);
    expect(
      run('-d', '--name', 'icc-a', 'busybox', 'httpd', '-f', '-p', '80', '-h', '/etc').code,
    ).toBe(0);
    const ip = engine
      .docker(['inspect', '-f', '{{.NetworkSettings.IPAddress}}', 'icc-a'])
      .stdout.trim();
    const blocked = run(
      '--rm',
      'busybox',
      'sh',
      '-c',
      `timeout 3 wget -qO- http://${ip}/hostname || exit 1`,
    );
    expect(blocked.code).not.toBe(0);
    const gateway = run('--rm', 'busybox', 'ping', '-c', '1', '-W', '2', `${engine.subnet}.1`);
    expect(gateway.stdout).toContain('1 packets received');
  });
});
