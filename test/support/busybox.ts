import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Writes a minimal root filesystem from Debian's busybox-static into `dir`. */
export function writeBusyboxRootfs(dir: string): void {
  for (const d of ['bin', 'etc', 'proc', 'sys', 'dev', 'root', 'home/user', 'var', 'tmp'])
    mkdirSync(join(dir, d), { recursive: true });
  chmodSync(join(dir, 'tmp'), 0o1777);
  copyFileSync('/bin/busybox', join(dir, 'bin', 'busybox'));
  chmodSync(join(dir, 'bin', 'busybox'), 0o755);
  const applets = spawnSync('/bin/busybox', ['--list']).stdout.toString().trim().split('\n');
  for (const applet of applets) {
    if (applet !== 'busybox' && !existsSync(join(dir, 'bin', applet)))
      symlinkSync('busybox', join(dir, 'bin', applet));
  }
  writeFileSync(
    join(dir, 'etc', 'passwd'),
    'root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000:user:/home/user:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n',
  );
  writeFileSync(join(dir, 'etc', 'group'), 'root:x:0:\nuser:x:1000:\nnogroup:x:65534:\n');
}

/** Builds a tar of the busybox root filesystem (for `docker import`) and returns its path. */
export function buildBusyboxRootfsTar(outDir: string): string {
  const rootfs = mkdtempSync(join(tmpdir(), 'wharf-busybox-'));
  try {
    writeBusyboxRootfs(rootfs);
    const tarPath = join(outDir, 'busybox-rootfs.tar');
    const tar = spawnSync('tar', ['--numeric-owner', '-C', rootfs, '-cf', tarPath, '.']);
    if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr.toString()}`);
    return tarPath;
  } finally {
    rmSync(rootfs, { recursive: true, force: true });
  }
}
