import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import { type MountTable } from '../mount-table';

/** Behaviour every MountTable must have. Uses a temp dir; everything mounted is unmounted. */
export function describeMountTableContract(name: string, make: () => MountTable): void {
  describe(`MountTable contract: ${name}`, () => {
    const dirs: string[] = [];
    const tables: MountTable[] = [];
    const fresh = (): { dir: string; table: MountTable } => {
      const dir = mkdtempSync(join(tmpdir(), 'wharf-mt-'));
      dirs.push(dir);
      const table = make();
      tables.push(table);
      return { dir, table };
    };

    afterEach(async () => {
      for (const [i, dir] of dirs.entries()) {
        const table = tables[i]!;
        for (const m of await table.listUnder(dir)) await table.unmount(m.target, { lazy: true });
        rmSync(dir, { recursive: true, force: true });
      }
      dirs.length = 0;
      tables.length = 0;
    });

    it('mounts an overlay and lists it under its parent', async () => {
      const { dir, table } = fresh();
      for (const d of ['lower', 'upper', 'work']) mkdirSync(join(dir, d));
      writeFileSync(join(dir, 'lower', 'f'), 'x');
      await table.mountOverlay(join(dir, 'merged'), {
        lowerdirs: [join(dir, 'lower')],
        upperdir: join(dir, 'upper'),
        workdir: join(dir, 'work'),
      });
      expect(await table.isMountPoint(join(dir, 'merged'))).toBe(true);
      const listed = await table.listUnder(dir);
      expect(listed.map((m) => [m.target, m.fstype])).toEqual([[join(dir, 'merged'), 'overlay']]);
    });

    it('lists nested mounts deepest first and unmount is idempotent', async () => {
      const { dir, table } = fresh();
      await table.mountTmpfs(join(dir, 'a'), 'size=1m');
      await table.mountTmpfs(join(dir, 'a', 'b'), 'size=1m');
      expect((await table.listUnder(dir)).map((m) => m.target)).toEqual([
        join(dir, 'a', 'b'),
        join(dir, 'a'),
      ]);
      await table.unmount(join(dir, 'a', 'b'));
      await table.unmount(join(dir, 'a', 'b'));
      expect((await table.listUnder(dir)).map((m) => m.target)).toEqual([join(dir, 'a')]);
    });

    it('bind mounts read-only when asked', async () => {
      const { dir, table } = fresh();
      mkdirSync(join(dir, 'src'));
      await table.bind(join(dir, 'src'), join(dir, 'dst'), { readonly: true });
      const [m] = await table.listUnder(join(dir, 'dst'));
      expect(m?.options.split(',')).toContain('ro');
    });
  });
}
