/** Kernel parameters under /proc/sys, named with dots (`net.ipv4.ip_forward`). */
export abstract class Sysctl {
  abstract get(key: string): Promise<string>;
  abstract set(key: string, value: string): Promise<void>;
}
