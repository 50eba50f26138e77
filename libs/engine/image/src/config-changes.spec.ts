import { describe, expect, it } from 'vitest';

import { applyConfigChanges } from './config-changes';

describe('applyConfigChanges (import/commit -c)', () => {
  it('applies every supported instruction the way a Dockerfile would', () => {
    const config = applyConfigChanges({ Env: ['PATH=/bin'] }, [
      'CMD ["sh", "-c", "echo hi"]',
      'ENTRYPOINT /bin/entry --flag',
      'ENV A=1 B="two words"',
      'ENV PATH=/usr/bin',
      'LABEL team=core',
      'EXPOSE 80 53/udp',
      'VOLUME /data',
      'USER nobody',
      'WORKDIR /srv',
      'STOPSIGNAL SIGINT',
    ]);
    expect(config).toEqual({
      Cmd: ['sh', '-c', 'echo hi'],
      Entrypoint: ['/bin/sh', '-c', '/bin/entry --flag'],
      Env: ['PATH=/usr/bin', 'A=1', 'B=two words'],
      Labels: { team: 'core' },
      ExposedPorts: { '80/tcp': {}, '53/udp': {} },
      Volumes: { '/data': {} },
      User: 'nobody',
      WorkingDir: '/srv',
      StopSignal: 'SIGINT',
    });
  });

  it('refuses instructions import cannot apply', () => {
    expect(() => applyConfigChanges({}, ['RUN rm -rf /'])).toThrow(
      'RUN is not a valid change command',
    );
  });
});
