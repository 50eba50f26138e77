import { CgroupFs, type CgroupLayout } from '../cgroup-fs';
import { CallRecorder } from './fake-calls';

/**
 * Cgroup files in memory. Load recorded files from a real v1 or v2 host (`files`) to test stats and
 * limits on a layout this machine does not have.
 */
export class FakeCgroupFs extends CgroupFs {
  readonly recorder = new CallRecorder();
  readonly files = new Map<string, string>();

  constructor(private readonly mode: CgroupLayout = 'v2') {
    super();
  }

  injectError(op: 'layout' | 'read' | 'write' | 'exists' | 'removeDir', error: Error): void {
    this.recorder.injectError(op, error);
  }

  private guard(op: string, ...args: unknown[]): Promise<void> | null {
    try {
      this.recorder.record(op, ...args);
      return null;
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  }

  layout(): Promise<CgroupLayout> {
    return this.guard('layout')?.then(() => this.mode) ?? Promise.resolve(this.mode);
  }

  read(path: string): Promise<string | null> {
    return (
      this.guard('read', path)?.then(() => null) ?? Promise.resolve(this.files.get(path) ?? null)
    );
  }

  write(path: string, value: string): Promise<void> {
    const failed = this.guard('write', path, value);
    if (failed) return failed;
    this.files.set(path, value);
    return Promise.resolve();
  }

  exists(path: string): Promise<boolean> {
    const prefix = `${path}/`;
    const found = this.files.has(path) || [...this.files.keys()].some((k) => k.startsWith(prefix));
    return this.guard('exists', path)?.then(() => false) ?? Promise.resolve(found);
  }

  removeDir(path: string): Promise<void> {
    const failed = this.guard('removeDir', path);
    if (failed) return failed;
    for (const key of [...this.files.keys()])
      if (key.startsWith(`${path}/`)) this.files.delete(key);
    return Promise.resolve();
  }
}
