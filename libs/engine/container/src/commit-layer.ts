import { createReadStream } from 'node:fs';
import { lstat, readdir, readlink } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Readable } from 'node:stream';

import type { OverlayWhiteouts } from '@wharf/engine-host';
import { pack, type Pack } from 'tar-stream';

import { INIT_LAYER_PATHS } from './container-archive';

async function addEntry(tar: Pack, full: string, name: string): Promise<void> {
  const info = await lstat(full);
  const header = {
    name,
    mode: info.mode & 0o7777,
    uid: info.uid,
    gid: info.gid,
    mtime: info.mtime,
  };
  // Entries without content get an empty buffer: tar-stream otherwise waits for a body forever.
  if (info.isDirectory()) {
    tar.entry({ ...header, type: 'directory' }, '');
  } else if (info.isSymbolicLink()) {
    tar.entry({ ...header, type: 'symlink', linkname: await readlink(full) }, '');
  } else if (info.isFile()) {
    await new Promise<void>((resolve, reject) => {
      const sink = tar.entry({ ...header, type: 'file', size: info.size }, (error) =>
        error ? reject(error) : resolve(),
      );
      createReadStream(full).pipe(sink);
    });
  }
}

/**
 * The container's writable layer as an OCI layer tar: overlay whiteouts (0/0 char devices) become
 * `.wh.<name>` entries and opaque directories get `.wh..wh..opq`; the runtime's mount points stay out.
 */
export function writableLayerTar(upper: string, whiteouts: OverlayWhiteouts): Readable {
  const tar = pack();
  const walk = async (dir: string): Promise<void> => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      const name = relative(upper, full);
      if (INIT_LAYER_PATHS.has(`/${name}`)) continue;
      if (entry.isCharacterDevice() && (await whiteouts.isWhiteout(full))) {
        tar.entry(
          { name: join(relative(upper, dir), `.wh.${entry.name}`), size: 0, mode: 0o644 },
          '',
        );
        continue;
      }
      await addEntry(tar, full, name);
      if (entry.isDirectory()) {
        if (await whiteouts.isOpaque(full))
          tar.entry({ name: join(name, '.wh..wh..opq'), size: 0, mode: 0o644 }, '');
        await walk(full);
      }
    }
  };
  walk(upper).then(
    () => tar.finalize(),
    (error: unknown) => tar.destroy(error instanceof Error ? error : new Error(String(error))),
  );
  return tar as unknown as Readable;
}
