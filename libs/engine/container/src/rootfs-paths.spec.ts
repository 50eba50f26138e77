import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import { goFileMode, resolveInRoot } from './rootfs-paths';

describe('resolveInRoot (docker cp path lookup)', () => {
  const root = mkdtempSync(join(tmpdir(), 'wharf-root-'));
  mkdirSync(join(root, 'data', 'sub'), { recursive: true });
  symlinkSync('/etc', join(root, 'evil-abs'));
  symlinkSync('../../../../../../etc', join(root, 'data', 'evil-rel'));
  symlinkSync('sub', join(root, 'data', 'here'));
  symlinkSync('loop', join(root, 'loop'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('follows symlinks inside the container root and never out of it', async () => {
    expect(await resolveInRoot(root, '/evil-abs/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(await resolveInRoot(root, '/data/evil-rel/shadow')).toBe(join(root, 'etc', 'shadow'));
    expect(await resolveInRoot(root, '/data/here/x')).toBe(join(root, 'data', 'sub', 'x'));
    expect(await resolveInRoot(root, '../../../../tmp')).toBe(join(root, 'tmp'));
  });

  it('stops symlink loops', async () => {
    await expect(resolveInRoot(root, '/loop/x')).rejects.toThrow(
      'too many levels of symbolic links',
    );
  });

  it("encodes Go's FileMode for directories and symlinks", () => {
    expect(goFileMode(0o40755, { dir: true, symlink: false })).toBe(0x80000000 + 0o755);
    expect(goFileMode(0o120777, { dir: false, symlink: true })).toBe(0x8000000 + 0o777);
  });
});
