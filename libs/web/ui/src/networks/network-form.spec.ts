import { describe, expect, it } from 'vitest';

import { emptyNetworkForm, parseCidr, toNetworkCreateBody, validateNetwork } from './network-form';

const form = (fields: Partial<ReturnType<typeof emptyNetworkForm>>) => ({
  ...emptyNetworkForm(),
  name: 'appnet',
  ...fields,
});

describe('network form validation', () => {
  it('accepts a subnet with a gateway and IP range inside it', () => {
    expect(
      validateNetwork(
        form({ subnet: '172.30.0.0/24', gateway: '172.30.0.1', ipRange: '172.30.0.128/25' }),
      ),
    ).toEqual({});
  });

  it('refuses a malformed subnet', () => {
    expect(validateNetwork(form({ subnet: '172.30.0.0/33' })).subnet).toMatch(/CIDR/);
    expect(validateNetwork(form({ subnet: '172.300.0.0/24' })).subnet).toMatch(/CIDR/);
    expect(parseCidr('10.0.0.0')).toBeUndefined();
  });

  it('refuses a gateway outside the subnet and a range outside it', () => {
    const errors = validateNetwork(
      form({ subnet: '172.30.0.0/24', gateway: '172.31.0.1', ipRange: '172.30.1.0/25' }),
    );
    expect(errors.gateway).toBe('The gateway is outside the subnet 172.30.0.0/24');
    expect(errors.ipRange).toMatch(/outside the subnet/);
  });

  it('refuses a bad name and bad label lines', () => {
    const errors = validateNetwork(form({ name: '-x', labels: 'team=a\nnovalue' }));
    expect(errors.name).toBeDefined();
    expect(errors.labels).toBe('"novalue" is not key=value');
  });

  it('builds the create body with IPAM only when a subnet is given', () => {
    expect(toNetworkCreateBody(form({ internal: true, labels: 'a=b' }))).toEqual({
      Name: 'appnet',
      Driver: 'bridge',
      Internal: true,
      CheckDuplicate: true,
      Labels: { a: 'b' },
    });
    expect(
      toNetworkCreateBody(form({ subnet: '10.9.0.0/16', gateway: '10.9.0.1' }))['IPAM'],
    ).toEqual({ Driver: 'default', Config: [{ Subnet: '10.9.0.0/16', Gateway: '10.9.0.1' }] });
  });
});
