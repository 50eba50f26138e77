import { describe, expect, it } from 'vitest';

import { FakeCgroupFs } from './testing/fake-cgroup-fs';
import { FakeClock } from './testing/fake-clock';
import { FakeMountTable } from './testing/fake-mount-table';
import { FakeNetLinks } from './testing/fake-net-links';
import { describeNetLinksContract } from './testing/net-links.contract';
import { FakeProcessRunner } from './testing/fake-process-runner';
import { describeMountTableContract } from './testing/mount-table.contract';
import { FakeOverlayWhiteouts } from './testing/fake-overlay-whiteouts';
import { describeOverlayWhiteoutsContract } from './testing/overlay-whiteouts.contract';
import { describeProcessRunnerContract } from './testing/process-runner.contract';

/** A fake that answers the contract's scripts the way /bin/sh does. */
function scriptedRunner(): FakeProcessRunner {
  const runner = new FakeProcessRunner();
  runner.installed.set('sh', '/bin/sh');
  runner.handlers.push((cmd, args, options) => {
    if (cmd === 'sh' && args[1]?.includes('exit 3'))
      return { exitCode: 3, stdout: Buffer.from('out'), stderr: Buffer.from('err') };
    if (cmd === 'cat') return { stdout: Buffer.from(String(options.stdin ?? '')) };
    return undefined;
  });
  runner.onSpawn = (p) => {
    p.extraPipes[0]?.write('{"data": 42}');
    p.exit(0);
  };
  return runner;
}

describeProcessRunnerContract('fake', scriptedRunner);
describeMountTableContract('fake', () => new FakeMountTable());
describeOverlayWhiteoutsContract('fake', () => new FakeOverlayWhiteouts());
describeNetLinksContract('fake', () => new FakeNetLinks());

describe('fakes record calls and inject errors', () => {
  it('FakeProcessRunner records run arguments and throws an injected error once', async () => {
    const runner = new FakeProcessRunner();
    runner.injectError('run', new Error('boom'));
    await expect(runner.run('runc', ['state', 'x'])).rejects.toThrow('boom');
    await expect(runner.run('runc', ['state', 'y'])).resolves.toMatchObject({ exitCode: 0 });
    expect(runner.recorder.callsOf('run').map((c) => c[1])).toEqual([
      ['state', 'x'],
      ['state', 'y'],
    ]);
  });

  it('FakeMountTable fails the injected op without recording a mount', async () => {
    const table = new FakeMountTable();
    table.injectError('mountTmpfs', new Error('EPERM'));
    await expect(table.mountTmpfs('/x')).rejects.toThrow('EPERM');
    expect(await table.listUnder('/')).toEqual([]);
  });

  it('FakeCgroupFs serves recorded v2 files', async () => {
    const cg = new FakeCgroupFs('v2');
    cg.files.set('wharf/abc/memory.current', '1234\n');
    expect(await cg.layout()).toBe('v2');
    expect(await cg.read('wharf/abc/memory.current')).toBe('1234\n');
    expect(await cg.exists('wharf/abc')).toBe(true);
    await cg.removeDir('wharf/abc');
    expect(await cg.exists('wharf/abc')).toBe(false);
  });

  it('FakeClock fires timers in order when advanced', () => {
    const clock = new FakeClock();
    const fired: string[] = [];
    clock.schedule(200, () => fired.push('b'));
    clock.schedule(100, () => fired.push('a'));
    const cancel = clock.schedule(150, () => fired.push('never'));
    cancel();
    clock.advance(250);
    expect(fired).toEqual(['a', 'b']);
  });
});
