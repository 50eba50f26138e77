import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { afterEach, describe, expect, it } from 'vitest';

import type { OverlayWhiteouts } from '../overlay-whiteouts';

/** Behaviour every OverlayWhiteouts must have. */
export function describeOverlayWhiteoutsContract(name: string, make: () => OverlayWhiteouts): void {
  describe(`OverlayWhiteouts contract: ${name}`, () => {
    const dirs: string[] = [];
    const fresh = () => {
      const dir = mkdtempSync(join(tmpdir(), 'wharf-wh-'));
      dirs.push(dir);
      return dir;
    };
    afterEach(() => {
      for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
    });

    it('replaces a file by a whiteout and reports it', async () => {
      const dir = fresh();
      writeFileSync(join(dir, 'gone'), 'x');
      const whiteouts = make();
      await whiteouts.whiteout(dir, 'gone');
      await whiteouts.whiteout(dir, 'gone');
      expect(await whiteouts.isWhiteout(join(dir, 'gone'))).toBe(true);
      expect(await whiteouts.isWhiteout(join(dir, 'other'))).toBe(false);
    });

    it('marks a directory opaque', async () => {
      const dir = fresh();
      mkdirSync(join(dir, 'sub'));
      const whiteouts = make();
      expect(await whiteouts.isOpaque(join(dir, 'sub'))).toBe(false);
      await whiteouts.opaque(join(dir, 'sub'));
      expect(await whiteouts.isOpaque(join(dir, 'sub'))).toBe(true);
    });
  });
}
