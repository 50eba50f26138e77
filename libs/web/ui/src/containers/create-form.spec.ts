import { describe, expect, it } from 'vitest';

import {
  emptyForm,
  fromInspect,
  parseMemory,
  splitWords,
  toCreateBody,
  validate,
  type CreateForm,
} from './create-form';

const filled = (over: Partial<CreateForm> = {}): CreateForm => ({
  ...emptyForm('h1'),
  image: 'busybox',
  ...over,
});

describe('create container form', () => {
  it('needs a host and an image, and checks names, ports, sizes and paths', () => {
    expect(validate(emptyForm())).toMatchObject({
      host: 'choose a host',
      image: 'an image is required',
    });
    expect(validate(filled())).toEqual({});
    const bad = validate(
      filled({
        name: '-x',
        ports: [{ hostIp: '', hostPort: '70000', containerPort: 'http', protocol: 'tcp' }],
        mounts: [{ source: 'data', target: 'relative', readOnly: false }],
        memory: '1k',
        cpus: '0',
        env: [{ key: 'A B', value: '1' }],
      }),
    );
    expect(Object.keys(bad).sort()).toEqual([
      'cpus',
      'env.0.key',
      'memory',
      'mounts.0.target',
      'name',
      'ports.0.containerPort',
      'ports.0.hostPort',
    ]);
  });

  it('parses sizes and command lines', () => {
    expect(parseMemory('512m')).toBe(512 * 1024 * 1024);
    expect(parseMemory('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseMemory('lots')).toBeUndefined();
    expect(splitWords(`sh -c 'echo "hi there"; sleep 1'`)).toEqual([
      'sh',
      '-c',
      'echo "hi there"; sleep 1',
    ]);
  });

  it('builds the Docker create body', () => {
    const { name, body } = toCreateBody(
      filled({
        name: 'web',
        command: 'httpd -f -p 80',
        env: [{ key: 'MODE', value: 'a=b' }],
        ports: [{ hostIp: '127.0.0.1', hostPort: '8080', containerPort: '80', protocol: 'tcp' }],
        mounts: [{ source: 'data', target: '/data', readOnly: true }],
        restart: 'on-failure',
        maxRetries: '3',
        memory: '64m',
        cpus: '0.5',
      }),
    );
    expect(name).toBe('web');
    expect(body).toMatchObject({
      Image: 'busybox',
      Cmd: ['httpd', '-f', '-p', '80'],
      Env: ['MODE=a=b'],
      ExposedPorts: { '80/tcp': {} },
      HostConfig: {
        PortBindings: { '80/tcp': [{ HostIp: '127.0.0.1', HostPort: '8080' }] },
        Binds: ['data:/data:ro'],
        RestartPolicy: { Name: 'on-failure', MaximumRetryCount: 3 },
        Memory: 64 * 1024 * 1024,
        NanoCpus: 5e8,
      },
    });
  });

  it('turns an inspected container back into the form (without owner labels)', () => {
    const form = fromInspect('h1', {
      Name: '/web',
      Config: {
        Image: 'busybox',
        Cmd: ['sh', '-c', 'echo hi'],
        Env: ['A=1'],
        Labels: { team: 'x', 'wharf.owner.user': 'u1' },
      },
      HostConfig: {
        PortBindings: { '53/udp': [{ HostIp: '', HostPort: '5353' }] },
        RestartPolicy: { Name: 'always' },
        Memory: 128 * 1024 * 1024,
      },
    });
    expect(form).toMatchObject({
      name: 'web',
      command: "sh -c 'echo hi'",
      env: [{ key: 'A', value: '1' }],
      labels: [{ key: 'team', value: 'x' }],
      ports: [{ hostIp: '', hostPort: '5353', containerPort: '53', protocol: 'udp' }],
      restart: 'always',
      memory: '128m',
    });
    expect(splitWords(form.command)).toEqual(['sh', '-c', 'echo hi']);
  });

  it('removes on exit only without a restart policy', () => {
    expect(validate(filled({ autoRemove: true }))).toEqual({});
    expect(validate(filled({ autoRemove: true, restart: 'always' }))).toHaveProperty('restart');
    expect(toCreateBody(filled({ autoRemove: true })).body).toMatchObject({
      HostConfig: { AutoRemove: true, RestartPolicy: { Name: 'no' } },
    });
    const form = fromInspect('h1', { Name: '/x', Config: {}, HostConfig: { AutoRemove: true } });
    expect(form.autoRemove).toBe(true);
  });

  it('quotes command words so that they split back the same, quotes included', () => {
    const words = ['sh', '-c', `echo "it's" done`, '', 'a b'];
    const form = fromInspect('h1', { Name: '/x', Config: { Cmd: words }, HostConfig: {} });
    expect(splitWords(form.command)).toEqual(words);
  });
});
