import { Firewall } from './firewall';
import type { ProcessRunner } from './process-runner';

/** nft(8) reading a script on stdin: the whole script is one kernel transaction. */
export class LinuxFirewall extends Firewall {
  constructor(private readonly processes: ProcessRunner) {
    super();
  }

  private async nft(script: string): Promise<void> {
    const result = await this.processes.run('nft', ['-f', '-'], {
      stdin: script,
      timeoutMs: 30_000,
    });
    if (result.exitCode !== 0)
      throw new Error(`nft: ${result.stderr.toString().trim() || `exit ${result.exitCode}`}`);
  }

  apply(script: string): Promise<void> {
    return this.nft(script);
  }

  deleteTable(family: 'ip' | 'inet' | 'bridge', name: string): Promise<void> {
    // `add` first makes the delete valid when the table is missing; both commit together.
    return this.nft(`add table ${family} ${name}\ndelete table ${family} ${name}\n`);
  }

  async listTable(family: 'ip' | 'inet' | 'bridge', name: string): Promise<string | undefined> {
    const result = await this.processes.run('nft', ['list', 'table', family, name], {
      timeoutMs: 30_000,
    });
    return result.exitCode === 0 ? result.stdout.toString() : undefined;
  }
}
