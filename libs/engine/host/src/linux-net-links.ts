import { access, readdir } from 'node:fs/promises';

import { type BridgeSpec, NetLinks, type VethSpec } from './net-links';
import type { ProcessRunner } from './process-runner';

const NETNS_DIR = '/run/netns';

/**
 * iproute2 in batch mode: one `ip` process per step however many commands it has, which keeps a
 * container's network setup to two short-lived processes.
 */
export class LinuxNetLinks extends NetLinks {
  constructor(private readonly processes: ProcessRunner) {
    super();
  }

  private async batch(lines: string[], netns?: string, force = false): Promise<void> {
    const args = [
      ...(netns === undefined ? [] : ['-n', netns]),
      ...(force ? ['-force'] : []),
      '-batch',
      '-',
    ];
    const result = await this.processes.run('ip', args, {
      stdin: `${lines.join('\n')}\n`,
      timeoutMs: 30_000,
    });
    if (result.exitCode !== 0)
      throw new Error(`ip: ${result.stderr.toString().trim() || `exit ${result.exitCode}`}`);
  }

  private async json(args: string[]): Promise<unknown[]> {
    const result = await this.processes.run('ip', ['-j', ...args], { timeoutMs: 30_000 });
    if (result.exitCode !== 0) throw new Error(`ip ${args.join(' ')}: ${result.stderr.toString()}`);
    return JSON.parse(result.stdout.toString() || '[]') as unknown[];
  }

  async ensureBridge(spec: BridgeSpec): Promise<void> {
    const exists = (await this.linkNames()).includes(spec.name);
    const lines = exists ? [] : [`link add ${spec.name} type bridge`];
    lines.push(`link set ${spec.name} mtu ${spec.mtu}`);
    lines.push(`addr flush dev ${spec.name} scope global`);
    for (const cidr of spec.addresses) lines.push(`addr add ${cidr} dev ${spec.name}`);
    lines.push(`link set ${spec.name} up`);
    await this.batch(lines);
  }

  async deleteLink(name: string): Promise<void> {
    if ((await this.linkNames()).includes(name)) await this.batch([`link del ${name}`]);
  }

  async linkNames(): Promise<string[]> {
    const links = (await this.json(['link', 'show'])) as { ifname: string }[];
    return links.map((l) => l.ifname);
  }

  netnsPath(name: string): string {
    return `${NETNS_DIR}/${name}`;
  }

  async createNetns(name: string): Promise<string> {
    await this.batch([`netns add ${name}`]);
    await this.batch(['link set lo up'], name);
    return this.netnsPath(name);
  }

  /**
   * The kernel frees a deleted namespace's links later, in a work queue; deleting the veths first
   * frees both ends at once, so a restart can reuse their names immediately.
   */
  async deleteNetns(name: string): Promise<void> {
    if (!(await this.netnsNames()).includes(name)) return;
    const inner = (await this.json(['-n', name, 'link', 'show'])) as {
      ifname: string;
      link_type?: string;
    }[];
    const veths = inner.filter((l) => l.link_type !== 'loopback').map((l) => l.ifname);
    if (veths.length > 0)
      await this.batch(
        veths.map((ifname) => `link del ${ifname}`),
        name,
      );
    await this.batch([`netns del ${name}`]);
  }

  async netnsNames(): Promise<string[]> {
    return readdir(NETNS_DIR).catch(() => []);
  }

  private static outerLines(spec: VethSpec): string[] {
    return [
      `link add ${spec.hostName} mtu ${spec.mtu} type veth peer name ${spec.ifName} mtu ${spec.mtu} address ${spec.mac} netns ${spec.netns}`,
      `link set ${spec.hostName} master ${spec.bridge}`,
      // Hairpin lets a container reach its own published port through the host.
      `link set dev ${spec.hostName} type bridge_slave hairpin on${spec.isolated ? ' isolated on' : ''}`,
      `link set ${spec.hostName} up`,
    ];
  }

  private static innerLines(spec: VethSpec): string[] {
    const lines = spec.addresses.map((cidr) => `addr add ${cidr} dev ${spec.ifName}`);
    lines.push(`link set ${spec.ifName} up`);
    if (spec.gateway !== undefined) lines.push(`route add default via ${spec.gateway}`);
    return lines;
  }

  async addVeth(spec: VethSpec): Promise<void> {
    await this.batch(LinuxNetLinks.outerLines(spec));
    try {
      await this.batch(LinuxNetLinks.innerLines(spec), spec.netns);
    } catch (error) {
      await this.deleteLink(spec.hostName).catch(() => undefined);
      throw error;
    }
  }

  async createSandbox(netns: string, veths: VethSpec[]): Promise<string> {
    if ((await this.netnsNames()).includes(netns)) throw new Error(`netns ${netns} exists`);
    await this.removeLingeringHostEnds(veths.map((v) => v.hostName));
    try {
      await this.batch([
        `netns add ${netns}`,
        ...veths.flatMap((v) => LinuxNetLinks.outerLines(v)),
      ]);
      await this.batch(
        ['link set lo up', ...veths.flatMap((v) => LinuxNetLinks.innerLines(v))],
        netns,
      );
    } catch (error) {
      await this.deleteSandbox(
        netns,
        veths.map((v) => v.hostName),
      ).catch(() => undefined);
      throw error;
    }
    return this.netnsPath(netns);
  }

  /**
   * Deleting a veth waits for the kernel's RCU grace periods (10-40 ms here), deleting the
   * namespace does not: the kernel frees its veths shortly after, in a work queue. So only the
   * namespace is deleted on the critical path. Host ends whose namespace is already gone (a crash)
   * are deleted explicitly.
   */
  async deleteSandbox(netns: string, hostEnds: string[]): Promise<void> {
    if ((await this.netnsNames()).includes(netns)) {
      await this.batch([`netns del ${netns}`], undefined, true).catch(() => undefined);
      if ((await this.netnsNames()).includes(netns)) await this.deleteNetns(netns);
      return;
    }
    await this.removeLingeringHostEnds(hostEnds);
  }

  /** A quick restart reuses the veth names of a namespace whose links the kernel has not freed yet. */
  private async removeLingeringHostEnds(hostEnds: string[]): Promise<void> {
    const present = await Promise.all(
      hostEnds.map((name) =>
        access(`/sys/class/net/${name}`).then(
          () => name,
          () => undefined,
        ),
      ),
    );
    const lingering = present.filter((name): name is string => name !== undefined);
    if (lingering.length > 0)
      await this.batch(
        lingering.map((name) => `link del ${name}`),
        undefined,
        true,
      ).catch(() => undefined);
  }

  async hostRoutes(): Promise<string[]> {
    const routes = (await this.json(['-4', 'route', 'show', 'table', 'all'])) as {
      dst: string;
      prefsrc?: string;
    }[];
    return routes
      .map((r) => r.dst)
      .filter((dst) => dst !== 'default' && !dst.startsWith('127.') && !dst.includes(':'));
  }
}
