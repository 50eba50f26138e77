import { Sysctl } from '../sysctl';

/** Kernel parameters in a map; unknown keys fail like a missing /proc/sys file. */
export class FakeSysctl extends Sysctl {
  readonly values = new Map<string, string>([['net.ipv4.ip_forward', '0']]);

  get(key: string): Promise<string> {
    const value = this.values.get(key);
    return value === undefined
      ? Promise.reject(new Error(`ENOENT: /proc/sys/${key.replaceAll('.', '/')}`))
      : Promise.resolve(value);
  }

  set(key: string, value: string): Promise<void> {
    this.values.set(key, value);
    return Promise.resolve();
  }
}
