import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

import type { RuntimeProbe } from '@wharf/engine-runtime';

/**
 * A throwaway bundle that runs `busybox true`: enough for a runtime to prove it can create
 * namespaces and cgroups on this host (crun 1.8 fails here on hybrid cgroups, runc works).
 */
export function busyboxProbe(dir: string): RuntimeProbe {
  return {
    async prepareBundle(): Promise<string> {
      const rootfs = join(dir, 'rootfs');
      await mkdir(join(rootfs, 'bin'), { recursive: true });
      await copyFile('/bin/busybox', join(rootfs, 'bin', 'busybox'));
      const config = {
        ociVersion: '1.0.2',
        process: {
          terminal: false,
          user: { uid: 0, gid: 0 },
          args: ['/bin/busybox', 'true'],
          env: ['PATH=/bin'],
          cwd: '/',
        },
        root: { path: 'rootfs', readonly: true },
        hostname: 'probe',
        mounts: [{ destination: '/proc', type: 'proc', source: 'proc' }],
        linux: {
          namespaces: [
            { type: 'pid' },
            { type: 'ipc' },
            { type: 'uts' },
            { type: 'mount' },
            { type: 'network' },
          ],
        },
      };
      await writeFile(join(dir, 'config.json'), JSON.stringify(config));
      return dir;
    },
  };
}
