import { stat } from 'node:fs/promises';

import { AppError } from '@wharf/errors';

import type { DeviceMapping } from './container-types';
import type { HostDevice } from './oci-spec';

/** Linux's dev_t split (glibc's gnu_dev_major/minor). */
const major = (rdev: number) => Math.floor(rdev / 256) % 4096;
const minor = (rdev: number) => (rdev % 256) + (Math.floor(rdev / 1048576) % 4096) * 256;

/** Looks up `--device` nodes on the host; a missing or non-device path fails like dockerd. */
export async function resolveDevices(mappings: DeviceMapping[]): Promise<HostDevice[]> {
  const out: HostDevice[] = [];
  for (const m of mappings) {
    const info = await stat(m.PathOnHost).catch((error: NodeJS.ErrnoException) => {
      throw new AppError(
        'InvalidArgument',
        'BAD_DEVICE',
        `error gathering device information while adding custom device "${m.PathOnHost}": ${error.code === 'ENOENT' ? 'no such file or directory' : error.message}`,
      );
    });
    if (!info.isCharacterDevice() && !info.isBlockDevice())
      throw new AppError(
        'InvalidArgument',
        'BAD_DEVICE',
        `error gathering device information while adding custom device "${m.PathOnHost}": not a device node`,
      );
    out.push({
      path: m.PathInContainer || m.PathOnHost,
      type: info.isCharacterDevice() ? 'c' : 'b',
      major: major(info.rdev),
      minor: minor(info.rdev),
      fileMode: info.mode & 0o777,
      access: m.CgroupPermissions || 'rwm',
    });
  }
  return out;
}
