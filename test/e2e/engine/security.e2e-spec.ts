import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildBusyboxRootfsTar } from '../../support/busybox';
import { startEngine, type TestEngine } from '../../support/engine';

const isRoot = process.getuid?.() === 0;
if (!isRoot && process.env.CI === 'true') throw new Error('engine e2e tests need root in CI');

/**
 * Runs `command` on a pty made by script(1) and resolves with what it printed. script's stdin stays
 * open until the command ends: at EOF script writes the terminal's EOF character to the pty, which
 * the docker CLI (in raw mode) would forward to the container's stdin mid-test.
 */
function underPty(command: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      child.stdin.end();
      resolve(output);
    });
  });
}

describe.runIf(isRoot)(
  'devices, custom seccomp profiles and detach keys through the stock docker CLI',
  () => {
    let engine: TestEngine;
    const work = mkdtempSync(join(tmpdir(), 'wharf-sec-e2e-'));
    const run = (...args: string[]) => engine.docker(['run', '--rm', '--network', 'none', ...args]);

    beforeAll(async () => {
      engine = await startEngine();
      engine.docker(['import', '-c', 'CMD ["sh"]', buildBusyboxRootfsTar(work), 'busybox']);
    });
    afterAll(async () => {
      await engine?.stop();
      rmSync(work, { recursive: true, force: true });
    });

    it('--device gives the node (renamed, with cgroup access) and refuses what is not a device', () => {
      const ok = run(
        '--device',
        '/dev/zero:/dev/myzero:r',
        'busybox',
        'sh',
        '-c',
        'ls -l /dev/myzero; head -c 4 /dev/myzero | od -An -tx1',
      );
      expect(ok.stderr).toBe('');
      expect(ok.stdout).toMatch(/^c.* 1,\s+5 .*\/dev\/myzero/m);
      expect(ok.stdout).toContain('00 00 00 00');
      // The device cgroup grants only the listed access: opening for writing is refused with `r`.
      // (/dev/loop-control is not in the default allow-list, unlike /dev/null or /dev/zero.)
      const openForWrite = (mode: string) =>
        run(
          '--device',
          `/dev/loop-control:/dev/lc:${mode}`,
          'busybox',
          'sh',
          '-c',
          'exec 3>/dev/lc',
        );
      const readOnly = openForWrite('r');
      expect(readOnly.code).not.toBe(0);
      expect(readOnly.stderr).toContain('Operation not permitted');
      expect(openForWrite('rw').code).toBe(0);
      const missing = run('--device', '/dev/wharf-no-such-device', 'busybox', 'true');
      expect(missing.code).not.toBe(0);
      expect(missing.stderr).toContain(
        'error gathering device information while adding custom device "/dev/wharf-no-such-device"',
      );
    });

    it('--security-opt seccomp=<file> applies the profile; a broken profile is refused with a clear error', () => {
      const profile = join(work, 'no-mkdir.json');
      writeFileSync(
        profile,
        JSON.stringify({
          defaultAction: 'SCMP_ACT_ALLOW',
          archMap: [
            {
              architecture: 'SCMP_ARCH_X86_64',
              subArchitectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
            },
          ],
          syscalls: [{ names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 1 }],
        }),
      );
      const denied = run(
        '--security-opt',
        `seccomp=${profile}`,
        'busybox',
        'sh',
        '-c',
        'grep Seccomp: /proc/self/status; mkdir /tmp/x',
      );
      expect(denied.stdout).toMatch(/Seccomp:\s+2/);
      expect(denied.stderr).toContain('Operation not permitted');
      expect(denied.code).not.toBe(0);
      expect(run('busybox', 'mkdir', '/tmp/x').code).toBe(0);
      const broken = join(work, 'broken.json');
      writeFileSync(broken, '{"syscalls": []}');
      const refused = run('--security-opt', `seccomp=${broken}`, 'busybox', 'true');
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('Decoding seccomp profile failed');
    });

    it('exec -it gets the terminal size at start and follows resizes', async () => {
      engine.docker([
        'run',
        '-d',
        '--name',
        'sized',
        '--network',
        'none',
        'busybox',
        'sleep',
        '300',
      ]);
      // The CLI sends its terminal's size (here script's pty, sized by stty) with the exec.
      const printed = await underPty('stty rows 31 cols 101; docker exec -it sized stty size', {
        ...process.env,
        DOCKER_HOST: `unix://${engine.socket}`,
      });
      expect(printed).toContain('31 101');
      // A resize while the exec runs reaches its console (dockerode: POST /exec/{id}/resize).
      const exec = await engine.client.getContainer('sized').exec({
        Cmd: ['sh'],
        Tty: true,
        AttachStdin: true,
        AttachStdout: true,
      });
      const stream = (await exec.start({
        hijack: true,
        stdin: true,
        Tty: true,
      })) as NodeJS.ReadWriteStream;
      let output = '';
      stream.on('data', (d: Buffer) => (output += d.toString()));
      stream.write('echo rea""dy\n');
      await expect.poll(() => output).toContain('ready');
      await exec.resize({ h: 42, w: 123 });
      stream.write('stty size; exit\n');
      await expect.poll(() => output).toContain('42 123');
      engine.docker(['rm', '-f', 'sized']);
    });

    it('the engine itself ends an API attach on the detach keys (clients without a CLI)', async () => {
      engine.docker(['run', '-dit', '--name', 'raw', '--network', 'none', 'busybox', 'cat']);
      const stream = await engine.client.getContainer('raw').attach({
        stream: true,
        stdin: true,
        stdout: true,
        hijack: true,
        detachKeys: 'ctrl-x,y',
      });
      const ended = new Promise<void>((resolve) => {
        stream.on('end', resolve).on('close', resolve);
        stream.resume();
      });
      stream.write(
        Buffer.concat([Buffer.from('first\n'), Buffer.from([0x18]), Buffer.from('ynever\n')]),
      );
      await ended;
      expect(engine.docker(['inspect', '-f', '{{.State.Running}}', 'raw']).stdout.trim()).toBe(
        'true',
      );
      const logs = () => engine.docker(['logs', 'raw']).stdout;
      await expect.poll(logs).toContain('first');
      expect(logs()).not.toContain('never');
      await expect(
        engine.client
          .getContainer('raw')
          .attach({ stream: true, stdin: true, detachKeys: 'ctrl-1' }),
      ).rejects.toMatchObject({
        statusCode: 400,
        message: expect.stringContaining('Invalid detach keys (ctrl-1) provided'),
      });
      engine.docker(['rm', '-f', 'raw']);
    });

    it('attach on a TTY detaches on the detach keys and leaves the container running', () => {
      expect(
        engine.docker(['run', '-dit', '--name', 'catter', '--network', 'none', 'busybox', 'cat'])
          .code,
      ).toBe(0);
      // The CLI insists on a terminal for a TTY container: `script` gives it one. Input is paced
      // so the CLI has put its terminal in raw mode before the bytes arrive.
      const keys = String.raw`sleep 1; printf 'hello\n'; sleep 0.5; printf '\030y'; sleep 1; printf 'never\n'`;
      const attach = `docker attach --detach-keys ctrl-x,y catter`;
      const attached = spawnSync('sh', ['-c', `(${keys}) | script -qfec '${attach}' /dev/null`], {
        env: { ...process.env, DOCKER_HOST: `unix://${engine.socket}` },
        timeout: 20_000,
        killSignal: 'SIGKILL',
      });
      // The CLI detaches itself on a TTY ("read escape sequence", exit status 1, as with dockerd).
      expect(attached.stdout.toString()).toContain('read escape sequence');
      expect(engine.docker(['inspect', '-f', '{{.State.Running}}', 'catter']).stdout.trim()).toBe(
        'true',
      );
      const seen = engine.docker(['logs', 'catter']).stdout;
      expect(seen).toContain('hello');
      expect(seen).not.toContain('never');
      engine.docker(['rm', '-f', 'catter']);
    });
  },
);
