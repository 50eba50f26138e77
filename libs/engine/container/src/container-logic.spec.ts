import { describe, expect, it } from 'vitest';

import { DEFAULT_CAPABILITIES, capabilitiesFromMask, effectiveCapabilities } from './capabilities';
import { MASKED_PATHS, buildOciSpec, type SpecInput } from './oci-spec';
import { mergeEnv, resolveCommand, resolveUser } from './process-config';
import { nextBackoff, shouldRestart } from './restart-policy';
import { parseK8sLog, selectLogs } from './k8s-log';

const baseInput: SpecInput = {
  rootfs: '/c/rootfs',
  args: ['sh'],
  env: ['PATH=/bin'],
  user: { uid: 0, gid: 0, additionalGids: [] },
  cwd: '/',
  hostname: 'abc',
  tty: false,
  hostConfig: { NetworkMode: 'none' },
  cgroupsPath: '/wharf/abc',
  etcFiles: { hostname: '/c/hostname', hosts: '/c/hosts', resolvConf: '/c/resolv.conf' },
  hostBounding: capabilitiesFromMask('000001fffeffffff'),
};

describe('OCI spec generation (Docker defaults)', () => {
  it('grants the 14 default capabilities, masks Docker paths and gives /dev/shm 64M', () => {
    const spec = buildOciSpec(baseInput);
    expect(spec.process.capabilities.bounding).toEqual([...DEFAULT_CAPABILITIES]);
    expect(spec.linux.maskedPaths).toEqual(MASKED_PATHS);
    expect(spec.mounts.find((m) => m.destination === '/dev/shm')?.options).toContain(
      `size=${64 * 1024 * 1024}`,
    );
    expect(spec.linux.namespaces.map((n) => n.type)).toEqual([
      'mount',
      'network',
      'uts',
      'pid',
      'ipc',
    ]);
    expect(spec.linux.resources.devices[0]).toEqual({ allow: false, access: 'rwm' });
    expect(spec.linux.cgroupsPath).toBe('/wharf/abc');
  });

  it('--privileged grants the host bounding set (which lacks CAP_SYS_RESOURCE here), not every capability', () => {
    const caps = buildOciSpec({ ...baseInput, hostConfig: { Privileged: true } }).process
      .capabilities.bounding;
    expect(caps).toContain('CAP_SYS_ADMIN');
    expect(caps).not.toContain('CAP_SYS_RESOURCE');
  });

  it('--network host shares the net and uts namespaces; --read-only, --init and no-new-privileges apply', () => {
    const spec = buildOciSpec({
      ...baseInput,
      initPath: '/usr/bin/tini-static',
      hostConfig: {
        NetworkMode: 'host',
        ReadonlyRootfs: true,
        Init: true,
        SecurityOpt: ['no-new-privileges'],
      },
    });
    expect(spec.linux.namespaces.map((n) => n.type)).toEqual(['mount', 'pid', 'ipc']);
    expect(spec.root.readonly).toBe(true);
    expect(spec.process.args).toEqual(['/sbin/docker-init', '--', 'sh']);
    expect(spec.process.noNewPrivileges).toBe(true);
  });

  it('applies memory, cpu and pids limits', () => {
    const r = buildOciSpec({
      ...baseInput,
      hostConfig: { Memory: 1 << 27, NanoCpus: 1.5e9, PidsLimit: 50 },
    }).linux.resources;
    expect(r.memory?.limit).toBe(1 << 27);
    expect(r.cpu).toMatchObject({ quota: 150_000, period: 100_000 });
    expect(r.pids).toEqual({ limit: 50 });
  });
});

describe('capabilities', () => {
  it('drops before adds, and ALL works both ways', () => {
    expect(
      effectiveCapabilities({
        privileged: false,
        add: ['net_admin'],
        drop: ['ALL'],
        hostBounding: [],
      }),
    ).toEqual(['CAP_NET_ADMIN']);
    expect(
      effectiveCapabilities({ privileged: false, add: [], drop: ['CHOWN'], hostBounding: [] }),
    ).not.toContain('CAP_CHOWN');
    expect(() =>
      effectiveCapabilities({ privileged: false, add: ['bogus'], drop: [], hostBounding: [] }),
    ).toThrow('unknown capability');
  });
});

describe('process config', () => {
  it('entrypoint/cmd follow Docker: an explicit entrypoint drops the image CMD', () => {
    expect(resolveCommand({ Entrypoint: ['/e'], Cmd: ['a'] }, {})).toEqual(['/e', 'a']);
    expect(resolveCommand({ Entrypoint: ['/e'], Cmd: ['a'] }, { Cmd: ['b'] })).toEqual(['/e', 'b']);
    expect(resolveCommand({ Entrypoint: ['/e'], Cmd: ['a'] }, { Entrypoint: ['/x'] })).toEqual([
      '/x',
    ]);
    expect(
      resolveCommand({ Entrypoint: ['/e'], Cmd: ['a'] }, { Entrypoint: [], Cmd: ['ls'] }),
    ).toEqual(['ls']);
    expect(() => resolveCommand({}, {})).toThrow('no command specified');
  });

  it('container env overrides the image env by key and PATH defaults', () => {
    expect(mergeEnv(['A=1', 'B=2'], ['B=3'])).toEqual([
      'A=1',
      'B=3',
      'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    ]);
  });

  it('resolves users and groups from the image files', () => {
    const passwd = 'root:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n';
    const group = 'root:x:0:\napp:x:1000:\nextra:x:2000:app\n';
    expect(resolveUser('app', passwd, group)).toEqual({
      uid: 1000,
      gid: 1000,
      additionalGids: [2000],
    });
    expect(resolveUser('1234:extra', passwd, group)).toEqual({
      uid: 1234,
      gid: 2000,
      additionalGids: [],
    });
    expect(() => resolveUser('ghost', passwd, group)).toThrow('unable to find user ghost');
  });
});

describe('k8s-file logs', () => {
  const text = [
    '2026-01-01T00:00:01.000000000Z stdout F one',
    '2026-01-01T00:00:02.000000000Z stderr P par',
    '2026-01-01T00:00:02.500000000Z stderr F tial',
    '2026-01-01T00:00:03.000000000Z stdout F three',
  ].join('\n');

  it('joins partial lines and keeps streams apart', () => {
    expect(parseK8sLog(text).map((e) => [e.stream, e.data.toString()])).toEqual([
      ['stdout', 'one\n'],
      ['stderr', 'partial\n'],
      ['stdout', 'three\n'],
    ]);
  });

  it('applies tail, since and stream selection', () => {
    const entries = parseK8sLog(text);
    expect(selectLogs(entries, { tail: 1 }).map((e) => e.data.toString())).toEqual(['three\n']);
    expect(selectLogs(entries, { since: Date.parse('2026-01-01T00:00:02Z') / 1000 }).length).toBe(
      2,
    );
    expect(selectLogs(entries, { stderr: false }).every((e) => e.stream === 'stdout')).toBe(true);
  });
});

describe('restart policy', () => {
  it('backoff doubles from 100 ms to a 1 min cap and resets after 10 s of running', () => {
    expect(nextBackoff(0, 50)).toBe(100);
    expect(nextBackoff(100, 50)).toBe(200);
    expect(nextBackoff(40_000, 50)).toBe(60_000);
    expect(nextBackoff(60_000, 10_000)).toBe(100);
  });

  it('on-failure honours the retry cap; a manual stop never restarts', () => {
    expect(shouldRestart({ Name: 'on-failure', MaximumRetryCount: 2 }, 1, 1, false)).toBe(true);
    expect(shouldRestart({ Name: 'on-failure', MaximumRetryCount: 2 }, 1, 2, false)).toBe(false);
    expect(shouldRestart({ Name: 'on-failure' }, 0, 0, false)).toBe(false);
    expect(shouldRestart({ Name: 'always' }, 0, 9, true)).toBe(false);
  });
});
