import { randomBytes } from 'node:crypto';

import { afterEach, describe, expect, it } from 'vitest';

import type { NetLinks } from '../net-links';

/** Behaviour every NetLinks must have. Names are random so the real one cannot touch others' links. */
export function describeNetLinksContract(name: string, make: () => NetLinks): void {
  describe(`NetLinks contract: ${name}`, () => {
    const tag = () => randomBytes(3).toString('hex');
    const cleanup: (() => Promise<void>)[] = [];
    afterEach(async () => {
      for (const step of cleanup.splice(0).reverse()) await step();
    });

    it('creates a bridge idempotently, plugs a veth into a namespace, and removes both', async () => {
      const links = make();
      const id = tag();
      const bridge = `wct${id}`;
      const ns = `wct-${id}`;
      cleanup.push(
        () => links.deleteLink(bridge),
        () => links.deleteNetns(ns),
      );
      const spec = { name: bridge, addresses: ['10.251.7.1/24'], mtu: 1500 };
      await links.ensureBridge(spec);
      await links.ensureBridge(spec);
      expect(await links.createNetns(ns)).toBe(links.netnsPath(ns));
      expect(await links.netnsNames()).toContain(ns);
      await links.addVeth({
        netns: ns,
        hostName: `wcv${id}`,
        bridge,
        ifName: 'eth0',
        mac: '02:42:0a:fb:07:02',
        addresses: ['10.251.7.2/24'],
        gateway: '10.251.7.1',
        mtu: 1500,
      });
      expect(await links.linkNames()).toEqual(expect.arrayContaining([bridge, `wcv${id}`]));
      await links.deleteNetns(ns);
      await links.deleteNetns(ns);
      expect(await links.netnsNames()).not.toContain(ns);
      // The host end dies with the namespace.
      expect(await links.linkNames()).not.toContain(`wcv${id}`);
      await links.deleteLink(bridge);
      expect(await links.linkNames()).not.toContain(bridge);
    });

    it('a veth into a missing namespace fails and leaves no host end', async () => {
      const links = make();
      const id = tag();
      const bridge = `wct${id}`;
      cleanup.push(() => links.deleteLink(bridge));
      await links.ensureBridge({ name: bridge, addresses: ['10.251.8.1/24'], mtu: 1500 });
      await expect(
        links.addVeth({
          netns: `wct-missing-${id}`,
          hostName: `wcv${id}`,
          bridge,
          ifName: 'eth0',
          mac: '02:42:0a:fb:08:02',
          addresses: ['10.251.8.2/24'],
          mtu: 1500,
        }),
      ).rejects.toThrow();
      expect(await links.linkNames()).not.toContain(`wcv${id}`);
    });
  });
}
