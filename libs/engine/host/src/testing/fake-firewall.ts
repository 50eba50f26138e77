import { Firewall } from '../firewall';
import { CallRecorder } from './fake-calls';

type Family = 'ip' | 'inet' | 'bridge';

/** Tables as text in memory; `replaceTable` either applies completely or (injected error) not at all. */
export class FakeFirewall extends Firewall {
  readonly recorder = new CallRecorder();
  readonly tables = new Map<string, string>();

  injectError(method: string, error: Error): void {
    this.recorder.injectError(method, error);
  }

  async replaceTable(family: Family, name: string, body: string): Promise<void> {
    await this.recorder.recordAsync('replaceTable', family, name);
    this.tables.set(`${family} ${name}`, body);
  }

  async deleteTable(family: Family, name: string): Promise<void> {
    await this.recorder.recordAsync('deleteTable', family, name);
    this.tables.delete(`${family} ${name}`);
  }

  listTable(family: Family, name: string): Promise<string | undefined> {
    return Promise.resolve(this.tables.get(`${family} ${name}`));
  }
}
