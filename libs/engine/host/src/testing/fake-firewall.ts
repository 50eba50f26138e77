import { Firewall } from '../firewall';
import { CallRecorder } from './fake-calls';

type Family = 'ip' | 'inet' | 'bridge';

/** Keeps every applied script; an injected error rejects before anything is kept (atomicity). */
export class FakeFirewall extends Firewall {
  readonly recorder = new CallRecorder();
  readonly scripts: string[] = [];
  readonly tables = new Map<string, string>();

  injectError(method: string, error: Error): void {
    this.recorder.injectError(method, error);
  }

  async apply(script: string): Promise<void> {
    await this.recorder.recordAsync('apply', script);
    this.scripts.push(script);
    for (const [, family = '', name = ''] of script.matchAll(/^add table (\w+) (\S+)$/gm))
      this.tables.set(`${family} ${name}`, script);
  }

  /** The last script applied. */
  get last(): string {
    return this.scripts.at(-1) ?? '';
  }

  async deleteTable(family: Family, name: string): Promise<void> {
    await this.recorder.recordAsync('deleteTable', family, name);
    this.tables.delete(`${family} ${name}`);
  }

  listTable(family: Family, name: string): Promise<string | undefined> {
    return Promise.resolve(this.tables.get(`${family} ${name}`));
  }
}
