import { lstat, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { AppError } from '@wharf/errors';

import { OverlayWhiteouts } from './overlay-whiteouts';
import type { ProcessRunner, RunResult } from './process-runner';

export class LinuxOverlayWhiteouts extends OverlayWhiteouts {
  constructor(private readonly processes: ProcessRunner) {
    super();
  }

  async whiteout(dir: string, name: string): Promise<void> {
    const path = join(dir, name);
    await rm(path, { recursive: true, force: true });
    await this.run('mknod', [path, 'c', '0', '0']);
  }

  async opaque(dir: string): Promise<void> {
    await this.run('setfattr', ['-n', 'trusted.overlay.opaque', '-v', 'y', dir]);
  }

  async isWhiteout(path: string): Promise<boolean> {
    const info = await lstat(path).catch(() => undefined);
    return info !== undefined && info.isCharacterDevice() && info.rdev === 0;
  }

  async isOpaque(dir: string): Promise<boolean> {
    const result = await this.processes.run(
      'getfattr',
      ['--only-values', '-n', 'trusted.overlay.opaque', dir],
      { timeoutMs: 10_000 },
    );
    return result.exitCode === 0 && result.stdout.toString() === 'y';
  }

  private async run(binary: string, args: string[]): Promise<RunResult> {
    const result = await this.processes.run(binary, args, { timeoutMs: 10_000 });
    if (result.exitCode !== 0) {
      throw new AppError(
        'Internal',
        'WHITEOUT_FAILED',
        `${binary} ${args.join(' ')}: ${result.stderr.toString().trim()}`,
      );
    }
    return result;
  }
}
