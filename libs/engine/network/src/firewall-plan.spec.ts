import { describe, expect, it } from 'vitest';

import { planFirewall } from './firewall-plan';

const bridge = { bridge: 'wharf0', subnet: '172.17.0.0/16', internal: false, masquerade: true };
const internal = { bridge: 'br-1', subnet: '172.18.0.0/16', internal: true, masquerade: true };

describe('planFirewall', () => {
  const script = planFirewall({
    table: 'wharf',
    networks: [bridge, internal],
    ports: [
      { proto: 'tcp', hostIp: '', hostPort: 8080, containerIp: '172.17.0.2', containerPort: 80 },
      {
        proto: 'udp',
        hostIp: '127.0.0.1',
        hostPort: 5353,
        containerIp: '172.17.0.3',
        containerPort: 53,
      },
    ],
  });

  it('creates the user chain but never flushes it', () => {
    expect(script).toContain('add chain ip wharf user\n');
    expect(script).not.toContain('flush chain ip wharf user');
    expect(script).toContain('flush chain ip wharf forwarding');
  });

  it('publishes ports with DNAT, bound to the host address when one is given', () => {
    expect(script).toContain('add rule ip wharf publish tcp dport 8080 dnat to 172.17.0.2:80');
    expect(script).toContain(
      'add rule ip wharf publish ip daddr 127.0.0.1 udp dport 5353 dnat to 172.17.0.3:53',
    );
  });

  it('masquerades outbound traffic of normal networks only, and isolates bridges from each other', () => {
    expect(script).toContain('ip saddr 172.17.0.0/16 oifname != "wharf0" masquerade');
    expect(script).not.toContain('ip saddr 172.18.0.0/16 oifname != "br-1" masquerade');
    expect(script).toContain('iifname "wharf0" oifname { "wharf0", "br-1" } drop');
    expect(script).toContain('add rule ip wharf forwarding iifname "br-1" drop');
  });
});
