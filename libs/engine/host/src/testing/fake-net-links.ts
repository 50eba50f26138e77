import { type BridgeSpec, NetLinks, type VethSpec } from '../net-links';
import { CallRecorder } from './fake-calls';

/** Links and namespaces in memory, with the kernel's refusals that matter to callers. */
export class FakeNetLinks extends NetLinks {
  readonly recorder = new CallRecorder();
  readonly bridges = new Map<string, BridgeSpec>();
  /** Host veth end -> its spec. */
  readonly veths = new Map<string, VethSpec>();
  readonly namespaces = new Set<string>();
  routes: string[] = [];

  injectError(method: string, error: Error): void {
    this.recorder.injectError(method, error);
  }

  async ensureBridge(spec: BridgeSpec): Promise<void> {
    await this.recorder.recordAsync('ensureBridge', spec);
    this.bridges.set(spec.name, structuredClone(spec));
  }

  async deleteLink(name: string): Promise<void> {
    await this.recorder.recordAsync('deleteLink', name);
    this.bridges.delete(name);
    this.veths.delete(name);
  }

  linkNames(): Promise<string[]> {
    return Promise.resolve([...this.bridges.keys(), ...this.veths.keys()]);
  }

  async createNetns(name: string): Promise<string> {
    await this.recorder.recordAsync('createNetns', name);
    if (this.namespaces.has(name)) throw new Error(`netns ${name} exists`);
    this.namespaces.add(name);
    return this.netnsPath(name);
  }

  async deleteNetns(name: string): Promise<void> {
    await this.recorder.recordAsync('deleteNetns', name);
    this.namespaces.delete(name);
    for (const [host, veth] of this.veths) if (veth.netns === name) this.veths.delete(host);
  }

  netnsNames(): Promise<string[]> {
    return Promise.resolve([...this.namespaces]);
  }

  netnsPath(name: string): string {
    return `/run/netns/${name}`;
  }

  async addVeth(spec: VethSpec): Promise<void> {
    await this.recorder.recordAsync('addVeth', spec);
    if (!this.namespaces.has(spec.netns)) throw new Error(`no netns ${spec.netns}`);
    if (!this.bridges.has(spec.bridge)) throw new Error(`no bridge ${spec.bridge}`);
    if (this.veths.has(spec.hostName) || this.bridges.has(spec.hostName))
      throw new Error(`link ${spec.hostName} exists`);
    this.veths.set(spec.hostName, structuredClone(spec));
  }

  async createSandbox(netns: string, veths: VethSpec[]): Promise<string> {
    await this.createNetns(netns);
    try {
      for (const v of veths) await this.addVeth(v);
    } catch (error) {
      await this.deleteNetns(netns);
      throw error;
    }
    return this.netnsPath(netns);
  }

  async deleteSandbox(netns: string, hostEnds: string[]): Promise<void> {
    for (const h of hostEnds) this.veths.delete(h);
    await this.deleteNetns(netns);
  }

  hostRoutes(): Promise<string[]> {
    return Promise.resolve([...this.routes]);
  }
}
