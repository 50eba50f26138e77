import { resolve } from 'node:path';

import { MountTable, type MountInfo, type OverlaySpec } from '../mount-table';
import { CallRecorder } from './fake-calls';

/** An in-memory mount table: mounts are records, nothing touches the host. */
export class FakeMountTable extends MountTable {
  readonly recorder = new CallRecorder();
  readonly mounts: MountInfo[] = [];

  injectError(
    op: 'mountOverlay' | 'bind' | 'mountTmpfs' | 'unmount' | 'listUnder' | 'isMountPoint',
    error: Error,
  ): void {
    this.recorder.injectError(op, error);
  }

  private add(
    op: string,
    target: string,
    fstype: string,
    source: string,
    options: string,
    args: unknown[],
  ): Promise<void> {
    try {
      this.recorder.record(op, target, ...args);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    this.mounts.push({ target: resolve(target), fstype, source, options });
    return Promise.resolve();
  }

  mountOverlay(target: string, spec: OverlaySpec): Promise<void> {
    const data = `lowerdir=${spec.lowerdirs.join(':')},upperdir=${spec.upperdir},workdir=${spec.workdir}`;
    return this.add('mountOverlay', target, 'overlay', 'overlay', data, [spec]);
  }

  bind(
    source: string,
    target: string,
    options: { readonly?: boolean; recursive?: boolean } = {},
  ): Promise<void> {
    return this.add('bind', target, 'none', source, options.readonly ? 'ro,bind' : 'rw,bind', [
      source,
      options,
    ]);
  }

  mountTmpfs(target: string, options?: string): Promise<void> {
    return this.add('mountTmpfs', target, 'tmpfs', 'tmpfs', options ?? 'rw', [options]);
  }

  unmount(target: string, options: { lazy?: boolean } = {}): Promise<void> {
    try {
      this.recorder.record('unmount', target, options);
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    const base = resolve(target);
    for (let i = this.mounts.length - 1; i >= 0; i -= 1) {
      if (this.mounts[i]?.target === base) {
        this.mounts.splice(i, 1);
        break;
      }
    }
    return Promise.resolve();
  }

  listUnder(path: string): Promise<MountInfo[]> {
    const base = resolve(path);
    return Promise.resolve(
      this.mounts
        .filter((m) => m.target === base || m.target.startsWith(`${base}/`))
        .sort((a, b) => b.target.length - a.target.length),
    );
  }

  isMountPoint(path: string): Promise<boolean> {
    return Promise.resolve(this.mounts.some((m) => m.target === resolve(path)));
  }
}
