import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { describe, expect, it } from 'vitest';

import { waitFor } from '../../support/services';

import { httpGet, links, netnsNames, useNetworkEngine } from './network-fixture';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('network e2e tests need root in CI');

describe.runIf(isRoot)(
  'published ports, bad input and restarts through the stock docker CLI',
  () => {
    const net = useNetworkEngine();
    const docker = (...args: string[]) => net.docker(...args);
    const ok = (...args: string[]) => net.ok(...args);

    it('published ports: 127.0.0.1, all addresses, random, ranges, udp, -P, docker port, hairpin', async () => {
      ok(
        'run',
        '-d',
        '--name',
        'p1',
        '-p',
        '127.0.0.1:18181:80',
        '-p',
        '18182:80',
        'busybox',
        'httpd',
        '-f',
        '-p',
        '80',
        '-h',
        '/etc',
      );
      const id = ok('inspect', '-f', '{{.Id}}', 'p1');
      await waitFor(
        async () =>
          (await httpGet('http://127.0.0.1:18181/hostname').catch(() => '')).trim() ===
          id.slice(0, 12),
        'port 18181',
        10_000,
      );
      expect((await httpGet('http://127.0.0.1:18182/hostname')).trim()).toBe(id.slice(0, 12));
      expect(ok('port', 'p1').split('\n').sort()).toEqual([
        '80/tcp -> 0.0.0.0:18182',
        '80/tcp -> 127.0.0.1:18181',
      ]);
      // Hairpin: a container reaches a published port through the bridge gateway (a host address).
      const gw = `${net.engine.subnet}.1`;
      expect(
        ok(
          'run',
          '--rm',
          'busybox',
          'sh',
          '-c',
          `timeout 5 wget -qO- http://${gw}:18182/hostname || exit 1`,
        ),
      ).toBe(id.slice(0, 12));
      expect(
        ok('exec', 'p1', 'sh', '-c', `timeout 5 wget -qO- http://${gw}:18182/hostname || exit 1`),
      ).toBe(id.slice(0, 12));

      ok(
        'run',
        '-d',
        '--name',
        'p2',
        '-p',
        '127.0.0.1::80',
        '-p',
        '18190-18191:80-81',
        '-p',
        '18195:53/udp',
        '--expose',
        '7000',
        '-P',
        'busybox',
        'sleep',
        '300',
      );
      const ports = ok('port', 'p2').split('\n');
      expect(ports).toEqual(
        expect.arrayContaining([
          '80/tcp -> 0.0.0.0:18190',
          '81/tcp -> 0.0.0.0:18191',
          '53/udp -> 0.0.0.0:18195',
        ]),
      );
      expect(ports.find((p) => p.startsWith('7000/tcp -> 0.0.0.0:'))).toBeDefined();
      expect(ok('ps', '--filter', 'name=p2', '--format', '{{.Ports}}')).toContain(
        '0.0.0.0:18195->53/udp',
      );
      ok('rm', '-f', 'p1', 'p2');
      await expect(httpGet('http://127.0.0.1:18182/hostname')).rejects.toThrow();
    });

    it('published ports are reachable from another host (a namespace routed to this one); outbound NAT; --internal reaches nothing outside', async () => {
      ok(
        'run',
        '-d',
        '--name',
        'remote-web',
        '-p',
        '18200:80',
        'busybox',
        'httpd',
        '-f',
        '-p',
        '80',
        '-h',
        '/etc',
      );
      const ns = `wharf-peer-${process.pid}`;
      const sh = (cmd: string) => spawnSync('sh', ['-c', cmd]);
      sh(
        `ip netns add ${ns}; ip link add wpeerh${process.pid % 1000} type veth peer name eth0 netns ${ns}`,
      );
      try {
        sh(
          `ip addr add 10.216.0.1/30 dev wpeerh${process.pid % 1000}; ip link set wpeerh${process.pid % 1000} up`,
        );
        sh(
          `ip -n ${ns} addr add 10.216.0.2/30 dev eth0; ip -n ${ns} link set eth0 up; ip -n ${ns} link set lo up`,
        );
        const id = ok('inspect', '-f', '{{.Id}}', 'remote-web').slice(0, 12);
        await waitFor(
          () =>
            Promise.resolve(
              sh(
                `ip netns exec ${ns} busybox timeout 2 busybox wget -qO- http://10.216.0.1:18200/hostname`,
              )
                .stdout.toString()
                .trim() === id,
            ),
          'the published port from the peer namespace',
          15_000,
        );
        // Outbound: the peer has no route back to container subnets, so an answer proves masquerade;
        // an --internal network reaches nothing outside its bridge.
        const site = mkdtempSync(join(tmpdir(), 'wharf-peer-site-'));
        writeFileSync(join(site, 'peer.txt'), 'peer\n');
        const httpd = spawn('ip', [
          'netns',
          'exec',
          ns,
          'busybox',
          'httpd',
          '-f',
          '-p',
          '10.216.0.2:8099',
          '-h',
          site,
        ]);
        try {
          ok('network', 'create', '--internal', 'sealed');
          const fetchPeer = (network: string) =>
            docker(
              'run',
              '--rm',
              '--network',
              network,
              'busybox',
              'sh',
              '-c',
              'timeout 5 wget -qO- http://10.216.0.2:8099/peer.txt || exit 1',
            );
          await waitFor(
            () => Promise.resolve(fetchPeer('bridge').stdout.trim() === 'peer'),
            'outbound through NAT',
            15_000,
          );
          const sealed = fetchPeer('sealed');
          expect(sealed.stdout).not.toContain('peer');
          expect(sealed.code).not.toBe(0);
          ok('network', 'rm', 'sealed');
        } finally {
          httpd.kill();
          rmSync(site, { recursive: true, force: true });
        }
      } finally {
        sh(`ip netns del ${ns}; ip link del wpeerh${process.pid % 1000}`);
        ok('rm', '-f', 'remote-web');
      }
    });

    it('a second container on a taken port fails with Docker message and leaves no namespace, veth or rule', () => {
      ok('run', '-d', '--name', 'first', '-p', '18300:80', 'busybox', 'sleep', '300');
      const before = {
        ns: netnsNames().sort(),
        links: links().sort(),
        rules: spawnSync('nft', ['list', 'table', 'ip', net.engine.table]).stdout.toString(),
      };
      const second = docker(
        'run',
        '-d',
        '--name',
        'second',
        '-p',
        '18300:80',
        'busybox',
        'sleep',
        '300',
      );
      expect(second.code).not.toBe(0);
      expect(second.stderr).toContain('Bind for 0.0.0.0:18300 failed: port is already allocated');
      expect(netnsNames().sort()).toEqual(before.ns);
      expect(links().sort()).toEqual(before.links);
      expect(spawnSync('nft', ['list', 'table', 'ip', net.engine.table]).stdout.toString()).toBe(
        before.rules,
      );
      ok('rm', '-f', 'first', 'second');
    });

    it('bad input is refused with clear errors and leaves no bridge behind', async () => {
      const bridgesBefore = links()
        .filter((l) => l.startsWith('br-'))
        .sort();
      ok('network', 'create', '--subnet', '10.217.0.0/16', 'taken');
      const cases: [string[], string][] = [
        [
          ['--subnet', '10.217.5.0/24', 'overlap'],
          'Pool overlaps with other one on this address space',
        ],
        [
          ['--subnet', '10.218.0.0/24', '--gateway', '10.219.0.1', 'gw'],
          'no matching subnet for gateway',
        ],
        [['--subnet', '10.218.0.0/33', 'bad'], 'invalid subnet'],
        [
          ['--subnet', '10.218.0.0/24', '--ip-range', '10.219.0.0/25', 'range'],
          'no matching subnet for range',
        ],
        [['taken'], 'network with name taken already exists'],
      ];
      for (const [args, message] of cases) {
        const r = docker('network', 'create', ...args);
        expect(r.code, args.join(' ')).not.toBe(0);
        expect(r.stderr, args.join(' ')).toContain(message);
      }
      // The CLI checks some of these itself; the engine refuses them too (dockerode skips the CLI).
      const apiCases: [object, number, string][] = [
        [{ Subnet: '10.218.0.0/24', Gateway: '10.219.0.1' }, 400, 'invalid gateway 10.219.0.1'],
        [{ Subnet: '10.218.0.0/24', IPRange: '10.219.0.0/25' }, 400, 'invalid ip-range'],
        [{ Subnet: '10.218.0.7/24' }, 400, 'invalid subnet 10.218.0.7/24'],
        [{ Subnet: '10.217.9.0/24' }, 403, 'Pool overlaps'],
      ];
      for (const [pool, status, message] of apiCases) {
        await expect(
          net.engine.client.createNetwork({
            Name: 'api-bad',
            IPAM: { Driver: 'default', Config: [pool] },
          }),
        ).rejects.toMatchObject({
          statusCode: status,
          json: { message: expect.stringContaining(message) },
        });
      }
      expect(
        docker('run', '--rm', '--network', 'taken', '--ip', '10.99.0.5', 'busybox', 'true').stderr,
      ).toContain('no configured subnet or ip-range contain the IP address 10.99.0.5');
      ok(
        'run',
        '-d',
        '--name',
        'holder',
        '--network',
        'taken',
        '--ip',
        '10.217.0.5',
        'busybox',
        'sleep',
        '300',
      );
      expect(
        docker('run', '--rm', '--network', 'taken', '--ip', '10.217.0.5', 'busybox', 'true').stderr,
      ).toContain('Address already in use');
      await expect(
        net.engine.client.createContainer({
          Image: 'busybox',
          HostConfig: { NetworkMode: 'nosuchnet' },
        }),
      ).rejects.toMatchObject({
        statusCode: 404,
        json: { message: 'network nosuchnet not found' },
      });
      expect(docker('run', '--rm', '--ip', '10.1.1.1', 'busybox', 'true').stderr).toContain(
        'user specified IP address is supported on user defined networks only',
      );
      ok('rm', '-f', 'holder');
      ok('network', 'rm', 'taken');
      expect(
        links()
          .filter((l) => l.startsWith('br-'))
          .sort(),
      ).toEqual(bridgesBefore);
    });

    it('after a wharfd restart or kill -9 the rules are reconciled, and removal leaves nothing', async () => {
      const id = ok(
        'run',
        '-d',
        '--name',
        'survivor',
        '-p',
        '18400:80',
        'busybox',
        'httpd',
        '-f',
        '-p',
        '80',
        '-h',
        '/etc',
      );
      const stale = ok('create', '--name', 'stale', 'busybox', 'true');
      await net.engine.kill9();
      // A namespace left by a start that crashed half-way, and a firewall that lost its rules.
      spawnSync('ip', ['netns', 'add', `${net.engine.table}-${stale.slice(0, 12)}`]);
      spawnSync('nft', ['flush', 'chain', 'ip', net.engine.table, 'publish']);
      await net.engine.start();
      expect(netnsNames()).not.toContain(`${net.engine.table}-${stale.slice(0, 12)}`);
      await waitFor(
        async () =>
          (await httpGet('http://127.0.0.1:18400/hostname').catch(() => '')).trim() ===
          id.slice(0, 12),
        'port 18400 after restart',
        15_000,
      );
      const veth = JSON.parse(ok('inspect', id)) as unknown;
      expect(veth).toBeDefined();
      ok('rm', '-f', 'survivor', 'stale');
      expect(netnsNames().filter((n) => n.startsWith(`${net.engine.table}-`))).toEqual([]);
      expect(
        spawnSync('nft', ['list', 'chain', 'ip', net.engine.table, 'publish']).stdout.toString(),
      ).not.toContain('18400');
      expect(
        links().filter(
          (l) =>
            l.startsWith('veth') &&
            spawnSync('ip', ['-d', 'link', 'show', l])
              .stdout.toString()
              .includes(`master ${net.engine.bridge}`),
        ),
      ).toEqual([]);
    });
  },
);
