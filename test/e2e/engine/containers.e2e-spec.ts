import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';
import { waitFor } from '../../support/services';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

describe.runIf(isRoot)('containers through the stock docker CLI', () => {
  let engine: TestEngine;
  const work = mkdtempSync(join(tmpdir(), 'wharf-ctr-e2e-'));
  const run = (...args: string[]) => engine.docker(['run', '--network', 'none', ...args]);

  beforeAll(async () => {
    engine = await startEngine();
    const imported = engine.docker([
      'import',
      '-c',
      'CMD ["sh"]',
      buildBusyboxRootfsTar(work),
      'busybox:latest',
    ]);
    expect(imported.stderr).toBe('');
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(work, { recursive: true, force: true });
  });

  it('runs a command and prints its output (run --rm)', () => {
    const result = run('--rm', 'busybox', 'echo', 'hello from wharf');
    expect(result).toMatchObject({ code: 0, stdout: 'hello from wharf\n' });
    expect(engine.docker(['ps', '-aq']).stdout).toBe('');
  });

  it('propagates exit codes and keeps stdout and stderr apart', () => {
    const result = run('--name', 'exit3', 'busybox', 'sh', '-c', 'echo out; echo err >&2; exit 3');
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('out\n');
    expect(result.stderr).toBe('err\n');
    expect(
      engine
        .docker(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', 'exit3'])
        .stdout.trim(),
    ).toBe('exited 3');
  });

  it('passes piped stdin to run -i and closes it at EOF', () => {
    const result = engine.docker(
      ['run', '-i', '--rm', '--network', 'none', 'busybox', 'sh', '-c', 'cat; echo end'],
      { input: 'line one\nline two\n' },
    );
    expect(result).toMatchObject({ code: 0, stdout: 'line one\nline two\nend\n' });
  });

  it('gives run -t a real terminal', () => {
    const result = engine.docker([
      'run',
      '-t',
      '--rm',
      '--network',
      'none',
      'busybox',
      'sh',
      '-c',
      'tty && echo is-a-tty',
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\/dev\/pts\/\d+\r\nis-a-tty\r\n$/);
  });

  it('runs detached, lists, logs, stops and removes', async () => {
    const id = run(
      '-d',
      '--name',
      'ticker',
      '-l',
      'team=core',
      'busybox',
      'sh',
      '-c',
      'trap "echo bye; exit 0" TERM; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.2; done',
    ).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    await waitFor(() => engine.docker(['logs', 'ticker']).stdout.includes('tick 2'), 'three ticks');
    expect(
      engine.docker(['ps', '--filter', 'label=team=core', '--format', '{{.Names}} {{.State}}'])
        .stdout,
    ).toBe('ticker running\n');
    expect(engine.docker(['ps', '-q', '--no-trunc']).stdout).toContain(id);
    expect(engine.docker(['logs', '--tail', '1', 'ticker']).stdout).toMatch(/^tick \d+\n$/);
    expect(engine.docker(['logs', '-t', '--tail', '1', 'ticker']).stdout).toMatch(
      /^\d{4}-\d\d-\d\dT[\d:.]+Z tick \d+\n$/,
    );
    expect(engine.docker(['stop', '-t', '5', 'ticker'])).toMatchObject({
      code: 0,
      stdout: 'ticker\n',
    });
    expect(engine.docker(['logs', 'ticker']).stdout).toContain('bye\n');
    expect(
      engine.docker(['inspect', '--format', '{{.State.ExitCode}}', 'ticker']).stdout.trim(),
    ).toBe('0');
    expect(engine.docker(['rm', 'ticker']).code).toBe(0);
    expect(engine.docker(['inspect', 'ticker']).stderr).toContain('No such object: ticker');
  });

  it('waits, kills with a signal by name, and reports 137 for SIGKILL', () => {
    run('-d', '--name', 'sleeper', 'busybox', 'sleep', '300');
    expect(engine.docker(['kill', '-s', 'KILL', 'sleeper']).code).toBe(0);
    expect(engine.docker(['wait', 'sleeper']).stdout.trim()).toBe('137');
  });

  it("refuses a second container with the same name with Docker's message", () => {
    run('-d', '--name', 'twin', 'busybox', 'sleep', '300');
    const second = engine.docker(['create', '--name', 'twin', 'busybox']);
    expect(second.code).not.toBe(0);
    expect(second.stderr).toMatch(
      /Conflict\. The container name "\/twin" is already in use by container "[0-9a-f]{64}"\. You have to remove \(or rename\) that container to be able to reuse that name\./,
    );
    expect(engine.docker(['rm', '-f', 'twin']).code).toBe(0);
  });

  it('renames, and answers unknown images like Docker', () => {
    run('--name', 'before', 'busybox', 'true');
    expect(engine.docker(['rename', 'before', 'after']).code).toBe(0);
    expect(
      engine.docker(['ps', '-a', '--filter', 'name=after', '--format', '{{.Names}}']).stdout,
    ).toBe('after\n');
    const missing = engine.docker(['create', '--pull', 'never', 'no-such-image:1.0']);
    expect(missing.code).not.toBe(0);
    expect(missing.stderr).toContain('No such image: no-such-image:1.0');
    const pulled = engine.docker(['create', 'no-such-image:1.0']);
    expect(pulled.stderr).toContain("Unable to find image 'no-such-image:1.0' locally");
  });

  it('pauses and unpauses a running container', async () => {
    run('-d', '--name', 'pausable', 'busybox', 'sleep', '300');
    expect(engine.docker(['pause', 'pausable']).code).toBe(0);
    expect(
      engine.docker(['inspect', '--format', '{{.State.Status}}', 'pausable']).stdout.trim(),
    ).toBe('paused');
    expect(engine.docker(['unpause', 'pausable']).code).toBe(0);
    await waitFor(
      () =>
        engine.docker(['inspect', '--format', '{{.State.Status}}', 'pausable']).stdout.trim() ===
        'running',
      'running again',
    );
  });

  it('streams events for a container lifecycle', () => {
    const since = Math.floor(Date.now() / 1000) - 1;
    run('--rm', '--name', 'evented', 'busybox', 'true');
    const until = Math.floor(Date.now() / 1000) + 1;
    const events = engine.docker([
      'events',
      '--since',
      String(since),
      '--until',
      String(until),
      '--filter',
      'container=evented',
      '--format',
      '{{.Action}}',
    ]);
    expect(events.stdout.split('\n').filter(Boolean)).toEqual(
      expect.arrayContaining(
        ['create', 'attach', 'start', 'die', 'destroy'].filter((a) => a !== 'attach'),
      ),
    );
  });

  it('keeps containers running across a wharfd crash and re-adopts them', async () => {
    run(
      '-d',
      '--name',
      'survivor',
      'busybox',
      'sh',
      '-c',
      'i=0; while true; do echo beat $i; i=$((i+1)); sleep 0.2; done',
    );
    await engine.kill9();
    await engine.start();
    expect(
      engine.docker(['inspect', '--format', '{{.State.Running}}', 'survivor']).stdout.trim(),
    ).toBe('true');
    const before = engine.docker(['logs', 'survivor']).stdout.split('\n').length;
    await waitFor(
      () => engine.docker(['logs', 'survivor']).stdout.split('\n').length > before + 2,
      'logs to keep flowing',
    );
    expect(engine.docker(['stop', '-t', '1', 'survivor']).code).toBe(0);
  });

  it('execs into a running container: exit codes, stdin, env, workdir, user, TTY', () => {
    run('-d', '--name', 'exec-target', 'busybox', 'sleep', '300');
    const failing = engine.docker([
      'exec',
      'exec-target',
      'sh',
      '-c',
      'echo out; echo err >&2; exit 5',
    ]);
    expect(failing).toMatchObject({ code: 5, stdout: 'out\n', stderr: 'err\n' });
    expect(
      engine.docker(['exec', '-i', 'exec-target', 'cat'], { input: 'from stdin\n' }).stdout,
    ).toBe('from stdin\n');
    expect(
      engine.docker([
        'exec',
        '-e',
        'FOO=bar',
        '-w',
        '/tmp',
        'exec-target',
        'sh',
        '-c',
        'echo $FOO $(pwd)',
      ]).stdout,
    ).toBe('bar /tmp\n');
    expect(engine.docker(['exec', '-u', 'user', 'exec-target', 'id', '-u']).stdout).toBe('1000\n');
    expect(engine.docker(['exec', '-t', 'exec-target', 'tty']).stdout).toMatch(
      /^\/dev\/pts\/\d+\r\n$/,
    );
    const unknownUser = engine.docker(['exec', '-u', 'ghost', 'exec-target', 'true']);
    expect(unknownUser.stderr).toContain(
      'unable to find user ghost: no matching entries in passwd file',
    );
  });

  it("refuses exec into a stopped container with Docker's message", () => {
    run('--name', 'stopped-one', 'busybox', 'true');
    const result = engine.docker(['exec', 'stopped-one', 'true']);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/Container [0-9a-f]{64} is not running/);
  });

  it("confines containers with Docker's default seccomp profile unless unconfined or privileged", () => {
    const mode = (...flags: string[]) =>
      run('--rm', ...flags, 'busybox', 'grep', 'Seccomp:', '/proc/self/status').stdout.trim();
    expect(mode()).toBe('Seccomp:\t2');
    expect(mode('--security-opt', 'seccomp=unconfined')).toBe('Seccomp:\t0');
    expect(mode('--privileged')).toBe('Seccomp:\t0');
  });

  it('reports live stats from the cgroup and the processes in top', () => {
    run('-d', '--name', 'busy', '--memory', '64m', 'busybox', 'sh', '-c', 'while true; do :; done');
    const stats = engine.docker([
      'stats',
      '--no-stream',
      '--format',
      '{{.Name}} {{.CPUPerc}} {{.MemUsage}} {{.PIDs}}',
      'busy',
    ]);
    expect(stats.code).toBe(0);
    expect(stats.stdout).toMatch(/^busy \d+\.\d+% [\d.]+[KMG]i?B \/ 64MiB 1\n$/);
    const top = engine.docker(['top', 'busy']);
    expect(top.stdout.split('\n')[0]).toMatch(/^UID\s+PID\s+PPID/);
    expect(top.stdout).toContain('while true');
    const custom = engine.docker(['top', 'busy', '-o', 'pid,comm']);
    expect(custom.stdout.split('\n')[0]?.trim()).toMatch(/^PID\s+COMMAND$/);
    engine.docker(['rm', '-f', 'busy']);
  });

  it('copies files in and out with docker cp, exports the filesystem, and diffs the writable layer', () => {
    run(
      '-d',
      '--name',
      'files',
      'busybox',
      'sh',
      '-c',
      'echo made > /tmp/made; rm /etc/group; sleep 300',
    );
    expect(
      engine.docker(['exec', 'files', 'sh', '-c', 'while [ ! -f /tmp/made ]; do sleep 0.1; done'])
        .code,
    ).toBe(0);
    const local = join(work, 'local.txt');
    writeFileSync(local, 'from the host\n');
    expect(engine.docker(['cp', local, 'files:/tmp/']).code).toBe(0);
    expect(engine.docker(['exec', 'files', 'cat', '/tmp/local.txt']).stdout).toBe(
      'from the host\n',
    );
    expect(engine.docker(['cp', 'files:/tmp/made', join(work, 'out.txt')]).code).toBe(0);
    expect(readFileSync(join(work, 'out.txt'), 'utf8')).toBe('made\n');
    expect(engine.docker(['diff', 'files']).stdout.split('\n').filter(Boolean)).toEqual([
      'C /etc',
      'D /etc/group',
      'C /tmp',
      'A /tmp/local.txt',
      'A /tmp/made',
    ]);
    const exported = engine.docker(['export', 'files']);
    expect(exported.code).toBe(0);
    engine.docker(['stop', '-t', '0', 'files']);
    // a stopped container's files are still reachable
    expect(engine.docker(['cp', 'files:/tmp/made', '-']).stdout).toContain('made');
    const missing = engine.docker(['cp', local, 'files:/no/such/dir/']);
    expect(missing.code).not.toBe(0);
  });

  it('starts restart-policy containers when wharfd starts: always even if stopped, unless-stopped only if not', async () => {
    run('-d', '--name', 'always-on', '--restart', 'always', 'busybox', 'sleep', '300');
    run('-d', '--name', 'unless', '--restart', 'unless-stopped', 'busybox', 'sleep', '300');
    engine.docker(['stop', '-t', '0', 'always-on', 'unless']);
    await engine.restart();
    expect(
      engine.docker(['inspect', '--format', '{{.State.Running}}', 'always-on']).stdout.trim(),
    ).toBe('true');
    expect(
      engine.docker(['inspect', '--format', '{{.State.Running}}', 'unless']).stdout.trim(),
    ).toBe('false');
    engine.docker(['rm', '-f', 'always-on', 'unless']);
  });

  it('prunes only stopped containers that carry every label filtered on, as Docker does', () => {
    const create = (name: string, ...labels: string[]) =>
      engine.docker([
        'create',
        '--name',
        name,
        ...labels.flatMap((l) => ['--label', l]),
        'busybox',
      ]);
    create('prune-both', 'team=a', 'tier=web');
    create('prune-team-only', 'team=a');
    create('prune-tier-only', 'tier=web');
    const pruned = engine.docker([
      'container',
      'prune',
      '-f',
      '--filter',
      'label=team=a',
      '--filter',
      'label=tier=web',
    ]);
    expect(pruned.code).toBe(0);
    const left = engine.docker(['ps', '-a', '--format', '{{.Names}}']).stdout.split('\n');
    expect(left).not.toContain('prune-both');
    expect(left).toEqual(expect.arrayContaining(['prune-team-only', 'prune-tier-only']));
    const listed = engine.docker([
      'ps',
      '-a',
      '--filter',
      'label=team=a',
      '--filter',
      'label=tier',
    ]);
    expect(listed.stdout.trim().split('\n')).toHaveLength(1); // the header only
    engine.docker(['rm', 'prune-team-only', 'prune-tier-only']);
  });

  it('writes the container ID to --cidfile', () => {
    const cidfile = join(work, 'cid');
    const id = run('-d', '--cidfile', cidfile, 'busybox', 'true').stdout.trim();
    expect(readFileSync(cidfile, 'utf8')).toBe(id);
  });
});
