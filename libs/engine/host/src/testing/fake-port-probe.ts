import { PortProbe } from '../port-probe';

/** Ports listed in `busy` (`tcp/8080`) are held by "another program". */
export class FakePortProbe extends PortProbe {
  readonly busy = new Set<string>();

  isFree(proto: string, _hostIp: string, port: number): Promise<boolean> {
    return Promise.resolve(!this.busy.has(`${proto}/${port}`));
  }
}
