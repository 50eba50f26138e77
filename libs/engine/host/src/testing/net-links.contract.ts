import { randomBytes } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import type { NetLinks, VethSpec } from '../net-links';

/** Names are random so the real implementation cannot touch anybody else's links. */
interface Names {
  bridge: string;
  ns: string;
  veth: string;
}

function names(): Names {
  const id = randomBytes(3).toString('hex');
  return { bridge: `wct${id}`, ns: `wct-${id}`, veth: `wcv${id}` };
}

function veth(n: Names, subnet: number, netns = n.ns): VethSpec {
  return {
    netns,
    hostName: n.veth,
    bridge: n.bridge,
    ifName: 'eth0',
    mac: `02:42:0a:fb:${subnet.toString(16).padStart(2, '0')}:02`,
    addresses: [`10.251.${subnet}.2/24`],
    gateway: `10.251.${subnet}.1`,
    mtu: 1500,
  };
}

async function bridgeAndVeth(links: NetLinks, n: Names): Promise<void> {
  const spec = { name: n.bridge, addresses: ['10.251.7.1/24'], mtu: 1500 };
  await links.ensureBridge(spec);
  await links.ensureBridge(spec);
  expect(await links.createNetns(n.ns)).toBe(links.netnsPath(n.ns));
  expect(await links.netnsNames()).toContain(n.ns);
  await links.addVeth(veth(n, 7));
  expect(await links.linkNames()).toEqual(expect.arrayContaining([n.bridge, n.veth]));
  await links.deleteNetns(n.ns);
  await links.deleteNetns(n.ns);
  expect(await links.netnsNames()).not.toContain(n.ns);
  // The host end goes with the namespace.
  expect(await links.linkNames()).not.toContain(n.veth);
  await links.deleteLink(n.bridge);
  expect(await links.linkNames()).not.toContain(n.bridge);
}

async function vethIntoNowhere(links: NetLinks, n: Names): Promise<void> {
  await links.ensureBridge({ name: n.bridge, addresses: ['10.251.8.1/24'], mtu: 1500 });
  await expect(links.addVeth(veth(n, 8, `${n.ns}-missing`))).rejects.toThrow();
  expect(await links.linkNames()).not.toContain(n.veth);
}

async function wholeSandbox(links: NetLinks, n: Names): Promise<void> {
  await links.ensureBridge({ name: n.bridge, addresses: ['10.251.9.1/24'], mtu: 1500 });
  expect(await links.createSandbox(n.ns, [veth(n, 9)])).toBe(links.netnsPath(n.ns));
  expect(await links.linkNames()).toContain(n.veth);
  // A second sandbox of the same name is refused and leaves the first alone.
  await expect(links.createSandbox(n.ns, [veth(n, 9)])).rejects.toThrow();
  expect(await links.netnsNames()).toContain(n.ns);
  await links.deleteSandbox(n.ns, [n.veth]);
  await links.deleteSandbox(n.ns, [n.veth]);
  expect(await links.netnsNames()).not.toContain(n.ns);
  await expect.poll(() => links.linkNames()).not.toContain(n.veth);
  // Recreated at once with the same names (a restart), even if the kernel has not freed them yet.
  await links.createSandbox(n.ns, [veth(n, 9)]);
  await links.deleteSandbox(n.ns, [n.veth]);
  await links.createSandbox(n.ns, [veth(n, 9)]);
  expect(await links.linkNames()).toContain(n.veth);
  await links.deleteSandbox(n.ns, [n.veth]);
}

/** Behaviour every NetLinks must have. */
export function describeNetLinksContract(name: string, make: () => NetLinks): void {
  describe(`NetLinks contract: ${name}`, () => {
    const made: { links: NetLinks; n: Names }[] = [];
    const fresh = () => {
      const entry = { links: make(), n: names() };
      made.push(entry);
      return entry;
    };
    afterEach(async () => {
      for (const { links, n } of made.splice(0)) {
        await links.deleteNetns(n.ns);
        await links.deleteLink(n.bridge);
      }
    });

    it('creates a bridge idempotently, plugs a veth into a namespace, and removes both', () => {
      const { links, n } = fresh();
      return bridgeAndVeth(links, n);
    });

    it('a veth into a missing namespace fails and leaves no host end', () => {
      const { links, n } = fresh();
      return vethIntoNowhere(links, n);
    });

    it('makes a whole sandbox in one step and removes it with its veths', () => {
      const { links, n } = fresh();
      return wholeSandbox(links, n);
    });
  });
}
