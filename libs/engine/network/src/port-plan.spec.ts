import { describe, expect, it } from 'vitest';

import { allocatePorts, clashes, requestedBindings } from './port-plan';

const free = () => Promise.resolve(true);

describe('port planning', () => {
  it('a port on every address clashes with the same port on one address, not with another protocol', () => {
    const a = { proto: 'tcp', hostIp: '', hostPort: 80 };
    expect(clashes(a, { proto: 'tcp', hostIp: '127.0.0.1', hostPort: 80 })).toBe(true);
    expect(clashes(a, { proto: 'udp', hostIp: '', hostPort: 80 })).toBe(false);
    expect(
      clashes(
        { proto: 'tcp', hostIp: '127.0.0.1', hostPort: 80 },
        { proto: 'tcp', hostIp: '127.0.0.2', hostPort: 80 },
      ),
    ).toBe(false);
  });

  it('-P publishes every exposed port not already bound, on a random port', async () => {
    const wanted = requestedBindings({ '80/tcp': [{ HostIp: '', HostPort: '8080' }] }, true, [
      '80/tcp',
      '53/udp',
    ]);
    const out = await allocatePorts(wanted, [], free);
    expect(out[0]).toEqual({ key: '80/tcp', binding: { HostIp: '', HostPort: '8080' } });
    expect(out[1]?.key).toBe('53/udp');
    expect(Number(out[1]?.binding.HostPort)).toBeGreaterThanOrEqual(49153);
  });

  it('refuses a taken port with Docker message and skips taken ports when choosing', async () => {
    const held = [{ proto: 'tcp', hostIp: '', hostPort: 8080, containerId: 'x' }];
    await expect(
      allocatePorts([{ key: '80/tcp', binding: { HostIp: '', HostPort: '8080' } }], held, free),
    ).rejects.toThrow('Bind for 0.0.0.0:8080 failed: port is already allocated');
    const ranged = await allocatePorts(
      [{ key: '80/tcp', binding: { HostIp: '', HostPort: '8080-8082' } }],
      held,
      (_p, _ip, port) => Promise.resolve(port !== 8081),
    );
    expect(ranged[0]?.binding.HostPort).toBe('8082');
  });
});
