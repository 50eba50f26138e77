import { describe, expect, it } from 'vitest';

import { buildConmonArgs } from './conmon-args';
import { buildExecArgs, buildKillArgs, buildUpdateArgs } from './runc-args';

describe('runtime argv builders', () => {
  const g = { root: '/run/wharf/runtime/runc' };

  it('kill puts --all before the id and the signal last', () => {
    expect(buildKillArgs(g, 'abc', 'SIGKILL', true)).toEqual([
      '--root',
      '/run/wharf/runtime/runc',
      'kill',
      '--all',
      'abc',
      'SIGKILL',
    ]);
  });

  it('update reads resources from stdin', () => {
    expect(buildUpdateArgs(g, 'abc')).toEqual([
      '--root',
      '/run/wharf/runtime/runc',
      'update',
      '--resources',
      '-',
      'abc',
    ]);
  });

  it('exec passes the process file and optional pid file', () => {
    expect(buildExecArgs(g, 'abc', { processFile: '/p.json', pidFile: '/x.pid' })).toEqual([
      '--root',
      '/run/wharf/runtime/runc',
      'exec',
      '--process',
      '/p.json',
      '--pid-file',
      '/x.pid',
      'abc',
    ]);
  });

  it('conmon gets the runtime root as runtime args, k8s-file logs and tty/stdin flags', () => {
    const args = buildConmonArgs({
      containerId: 'c',
      sessionId: 'c',
      name: 'web',
      runtimePath: '/usr/sbin/runc',
      runtimeRoot: '/rt',
      bundle: '/b',
      containerPidFile: '/b/pid',
      conmonPidFile: '/b/conmon.pid',
      exitDir: '/b/exits',
      persistDir: '/b/persist',
      socketDir: '/s',
      logPath: '/b/ctr.log',
      terminal: true,
      stdin: true,
    });
    expect(args).toEqual(
      expect.arrayContaining(['-l', 'k8s-file:/b/ctr.log', '--exit-dir', '/b/exits', '-t', '-i']),
    );
    const i = args.indexOf('--runtime-arg');
    expect(args.slice(i, i + 4)).toEqual(['--runtime-arg', '--root', '--runtime-arg', '/rt']);
    expect(args).not.toContain('-e');
  });
});
