import { readlinkSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

/** `docker run` flags, each checked by its effect inside the container (not just in inspect). */
describe.runIf(isRoot)('docker run flags take effect in the container', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-flags-e2e-'));
  /** Runs `sh -c script` in a fresh container with the flags; answers stdout (trimmed) and code. */
  const sh = (flags: string[], script: string) => {
    const r = engine.docker([
      'run',
      '--rm',
      '--network',
      'none',
      ...flags,
      'busybox',
      'sh',
      '-c',
      script,
    ]);
    return { out: r.stdout.trim(), err: r.stderr, code: r.code };
  };
  const ok = (...args: string[]) => {
    const r = engine.docker(args);
    expect(r.stderr, args.join(' ')).toBe('');
    return r.stdout.trim();
  };

  beforeAll(async () => {
    engine = await startEngine();
    engine.docker(['import', '-c', 'CMD ["sh"]', buildBusyboxRootfsTar(work), 'busybox']);
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('-u, -w, --hostname, --entrypoint, -e and --env-file', () => {
    const envFile = join(work, 'app.env');
    writeFileSync(envFile, '# comment\nFROM_FILE=yes\nSPACED=a b\n');
    const r = sh(
      [
        '-u',
        '1000:1000',
        '-w',
        '/tmp',
        '--hostname',
        'flagbox',
        '-e',
        'ONE=1',
        '--env-file',
        envFile,
      ],
      'echo "$(id -u):$(id -g) $(pwd) $(hostname) $ONE $FROM_FILE $SPACED"',
    );
    expect(r.out).toBe('1000:1000 /tmp flagbox 1 yes a b');
    const entry = engine.docker([
      'run',
      '--rm',
      '--network',
      'none',
      '--entrypoint',
      'echo',
      'busybox',
      'via',
      'entrypoint',
    ]);
    expect(entry.stdout).toBe('via entrypoint\n');
  });

  it('--group-add, --cap-add and --cap-drop', () => {
    expect(sh(['-u', '1000', '--group-add', '4321'], 'id -G').out.split(' ')).toContain('4321');
    // CHOWN is in Docker's default set; dropping it makes chown fail even for root.
    expect(sh([], 'chown 1 /tmp && echo chowned').out).toBe('chowned');
    expect(sh(['--cap-drop', 'CHOWN'], 'chown 1 /tmp 2>&1 || echo refused').out).toContain(
      'refused',
    );
    // NET_ADMIN is not: adding it allows link changes in the container's own namespace.
    expect(sh([], 'ip link set lo mtu 1400 2>&1 || echo refused').out).toContain('refused');
    expect(
      sh(['--cap-add', 'NET_ADMIN'], 'ip link set lo mtu 1400 && cat /sys/class/net/lo/mtu').out,
    ).toBe('1400');
  });

  it('--read-only and --tmpfs', () => {
    expect(sh(['--read-only'], 'touch /file 2>&1 || echo refused').out).toContain(
      'Read-only file system',
    );
    const tmpfs = sh(
      ['--read-only', '--tmpfs', '/scratch:size=1m'],
      'grep " /scratch " /proc/mounts; touch /scratch/ok && echo writable; head -c 2000000 /dev/zero > /scratch/big 2>&1 || echo full',
    );
    expect(tmpfs.out).toMatch(/^tmpfs \/scratch tmpfs rw.*size=1024k/m);
    expect(tmpfs.out).toContain('writable');
    expect(tmpfs.out).toContain('full');
  });

  it('--ulimit and --sysctl', () => {
    expect(sh(['--ulimit', 'nofile=1024:2048'], 'ulimit -n; ulimit -Hn').out).toBe('1024\n2048');
    expect(sh(['--sysctl', 'net.ipv4.ip_forward=1'], 'cat /proc/sys/net/ipv4/ip_forward').out).toBe(
      '1',
    );
    const bad = sh(['--sysctl', 'kernel.wharf_nonsense=1'], 'true');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/sysctl|not allowed|invalid/i);
  });

  it('--ipc and --pid: private by default, host or another container on request', () => {
    const hostIpc = readlinkSync('/proc/self/ns/ipc');
    const hostPid = readlinkSync('/proc/self/ns/pid');
    expect(sh([], 'readlink /proc/self/ns/ipc').out).not.toBe(hostIpc);
    expect(sh(['--ipc', 'host'], 'readlink /proc/self/ns/ipc').out).toBe(hostIpc);
    expect(sh(['--pid', 'host'], 'readlink /proc/self/ns/pid').out).toBe(hostPid);
    ok(
      'run',
      '-d',
      '--name',
      'ns-owner',
      '--network',
      'none',
      '--ipc',
      'shareable',
      'busybox',
      'sleep',
      '300',
    );
    const ownerIpc = ok('exec', 'ns-owner', 'readlink', '/proc/self/ns/ipc');
    const ownerPid = ok('exec', 'ns-owner', 'readlink', '/proc/self/ns/pid');
    expect(sh(['--ipc', 'container:ns-owner'], 'readlink /proc/self/ns/ipc').out).toBe(ownerIpc);
    const shared = sh(
      ['--pid', 'container:ns-owner'],
      'readlink /proc/self/ns/pid; ps -o comm | grep -c sleep',
    );
    expect(shared.out).toBe(`${ownerPid}\n1`);
    ok('rm', '-f', 'ns-owner');
  });

  it('--cpu-shares, --cpuset-cpus, --memory-swap and --oom-kill-disable reach the cgroup', () => {
    const cg = sh(
      [
        '--cpu-shares',
        '512',
        '--cpuset-cpus',
        '0',
        '--memory',
        '64m',
        '--memory-swap',
        '128m',
        '--oom-kill-disable',
      ],
      'cat /sys/fs/cgroup/cpu/cpu.shares /sys/fs/cgroup/cpuset/cpuset.cpus /sys/fs/cgroup/memory/memory.limit_in_bytes; grep oom_kill_disable /sys/fs/cgroup/memory/memory.oom_control',
    );
    expect(cg.out.split('\n')).toEqual([
      '512',
      '0',
      String(64 * 1024 * 1024),
      'oom_kill_disable 1',
    ]);
    const swap = ok(
      'run',
      '--rm',
      '--network',
      'none',
      '--memory',
      '64m',
      '--memory-swap',
      '128m',
      'busybox',
      'sh',
      '-c',
      'cat /sys/fs/cgroup/memory/memory.memsw.limit_in_bytes 2>/dev/null || echo no-swap-accounting',
    );
    expect([String(128 * 1024 * 1024), 'no-swap-accounting']).toContain(swap);
  });

  it('--init runs an init as PID 1 that reaps and forwards signals', () => {
    // `; true` keeps sh as the process (a lone command would be exec'd in its place).
    expect(sh([], 'cat /proc/1/comm; true').out).toBe('sh');
    const [comm, shellPid] = sh(['--init'], 'cat /proc/1/comm; echo $$; true').out.split('\n');
    expect(comm).not.toBe('sh');
    expect(shellPid).not.toBe('1');
  });

  it('--stop-signal and --stop-timeout decide how docker stop ends the container', () => {
    ok(
      'run',
      '-d',
      '--name',
      'usr1',
      '--network',
      'none',
      '--stop-signal',
      'USR1',
      'busybox',
      'sh',
      '-c',
      'trap "echo got-usr1; exit 0" USR1; while true; do sleep 0.1; done',
    );
    ok('stop', 'usr1');
    expect(ok('logs', 'usr1')).toBe('got-usr1');
    expect(ok('inspect', '-f', '{{.State.ExitCode}}', 'usr1')).toBe('0');
    // A container that ignores SIGTERM is killed once its own stop timeout has passed.
    ok(
      'run',
      '-d',
      '--name',
      'stubborn',
      '--network',
      'none',
      '--stop-timeout',
      '1',
      'busybox',
      'sh',
      '-c',
      'trap "" TERM; while true; do sleep 0.1; done',
    );
    ok('stop', 'stubborn');
    expect(ok('inspect', '-f', '{{.State.ExitCode}} {{.Config.StopTimeout}}', 'stubborn')).toBe(
      '137 1',
    );
    ok('rm', 'usr1', 'stubborn');
  });

  it("--volumes-from mounts the other container's volumes (and :ro)", () => {
    ok(
      'run',
      '--name',
      'data-owner',
      '--network',
      'none',
      '-v',
      '/shared',
      'busybox',
      'sh',
      '-c',
      'echo from-owner > /shared/f',
    );
    expect(sh(['--volumes-from', 'data-owner'], 'cat /shared/f').out).toBe('from-owner');
    expect(
      sh(['--volumes-from', 'data-owner:ro'], 'touch /shared/g 2>&1 || echo refused').out,
    ).toContain('Read-only file system');
    ok('rm', '-v', 'data-owner');
  });
});
