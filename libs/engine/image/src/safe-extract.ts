import { createWriteStream } from 'node:fs';
import {
  chmod,
  lchown,
  link,
  lstat,
  lutimes,
  mkdir,
  rm,
  symlink,
  unlink,
  utimes,
} from 'node:fs/promises';
import { join, posix } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import { AppError } from '@wharf/errors';
import { extract, type Header } from 'tar-stream';

/** What to do with the overlay whiteouts of an image layer (`.wh.<name>`, `.wh..wh..opq`). */
export interface WhiteoutHandler {
  whiteout(dir: string, name: string): Promise<void>;
  opaque(dir: string): Promise<void>;
}

export interface ExtractOptions {
  /** Layers carry whiteouts; flat archives (import, cp) must not. */
  whiteouts?: WhiteoutHandler;
  /** Refuse archives that expand beyond this many bytes (decompression bombs). */
  maxBytes?: number;
}

export interface ExtractResult {
  bytes: number;
  entries: number;
}

const DEFAULT_MAX_BYTES = 64 * 1024 ** 3;

function refuse(message: string): AppError {
  return new AppError('InvalidArgument', 'UNSAFE_ARCHIVE', message);
}

/**
 * Cleans an archive path into components inside the root. Leading `/` and `./` are dropped (Docker
 * treats absolute entries as relative to the root); a `..` that climbs above the root is refused.
 */
export function safeComponents(name: string): string[] {
  const normalized = posix.normalize(`/${name}`);
  const parts = normalized.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.includes('..') || posix.normalize(name).startsWith('../')) {
    throw refuse(`archive entry ${JSON.stringify(name)} points outside the target directory`);
  }
  return parts;
}

/**
 * Creates the parent directories of `parts` inside `root` without ever following a symlink: a
 * symlink anywhere on the way is refused, so an archive cannot redirect later entries outside.
 */
async function safeParent(root: string, parts: string[]): Promise<string> {
  let current = root;
  for (const part of parts.slice(0, -1)) {
    current = join(current, part);
    const info = await lstat(current).catch(() => undefined);
    if (info === undefined) await mkdir(current, { mode: 0o755 });
    else if (info.isSymbolicLink())
      throw refuse(`refusing to write through symlink ${current.slice(root.length)}`);
    else if (!info.isDirectory()) throw refuse(`${current.slice(root.length)} is not a directory`);
  }
  return current;
}

/** Removes whatever sits at `path` unless it is a directory that a directory entry will reuse. */
async function clearTarget(path: string, keepDirectory: boolean): Promise<void> {
  const info = await lstat(path).catch(() => undefined);
  if (info === undefined || (keepDirectory && info.isDirectory())) return;
  if (info.isDirectory()) await rm(path, { recursive: true, force: true });
  else await unlink(path);
}

async function hardLinkTarget(root: string, linkname: string): Promise<string> {
  const parts = safeComponents(linkname);
  if (parts.length === 0) throw refuse(`hard link to the root is not allowed`);
  await safeParent(root, parts);
  const target = join(root, ...parts);
  const info = await lstat(target).catch(() => undefined);
  if (!info?.isFile())
    throw refuse(`hard link target ${JSON.stringify(linkname)} is not a file in the archive`);
  return target;
}

async function applyMetadata(path: string, header: Header): Promise<void> {
  await lchown(path, header.uid ?? 0, header.gid ?? 0);
  const mtime = header.mtime ?? new Date(0);
  if (header.type === 'symlink') {
    await lutimes(path, mtime, mtime);
    return;
  }
  await chmod(path, (header.mode ?? 0o644) & 0o7777);
  if (header.type !== 'directory') await utimes(path, mtime, mtime);
}

async function writeEntry(
  root: string,
  header: Header,
  body: Readable,
  options: ExtractOptions,
): Promise<string | undefined> {
  const parts = safeComponents(header.name);
  if (parts.length === 0) return header.type === 'directory' ? root : undefined;
  const base = parts[parts.length - 1] ?? '';
  const dir = await safeParent(root, parts);
  if (base.startsWith('.wh.')) {
    if (!options.whiteouts)
      throw refuse(`whiteout ${JSON.stringify(header.name)} is not allowed here`);
    if (base === '.wh..wh..opq') await options.whiteouts.opaque(dir);
    else if (['.wh..', '.wh.', '.wh...'].includes(base))
      throw refuse(`invalid whiteout ${JSON.stringify(header.name)}`);
    else await options.whiteouts.whiteout(dir, base.slice(4));
    return undefined;
  }
  const path = join(dir, base);
  await clearTarget(path, header.type === 'directory');
  switch (header.type) {
    case 'directory':
      await mkdir(path, { recursive: true, mode: 0o755 });
      break;
    case 'file':
    case 'contiguous-file':
      await pipeline(body, createWriteStream(path, { mode: 0o600 }));
      break;
    case 'symlink':
      await symlink(header.linkname ?? '', path);
      break;
    case 'link':
      await link(await hardLinkTarget(root, header.linkname ?? ''), path);
      return path;
    default:
      throw refuse(
        `${header.type ?? 'unknown'} entry ${JSON.stringify(header.name)} is not allowed`,
      );
  }
  await applyMetadata(path, header);
  return path;
}

/**
 * Extracts a tar stream into `root` (which must exist) so that nothing is ever written outside it:
 * no `..` escapes, no writing through symlinks the archive created, no hard links to outside, no
 * device nodes, and a cap on the expanded size. Directory times are applied last.
 */
export async function extractTarSafely(
  source: Readable,
  root: string,
  options: ExtractOptions = {},
): Promise<ExtractResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const directories: { path: string; mtime: Date }[] = [];
  const result: ExtractResult = { bytes: 0, entries: 0 };
  const tar = extract();
  // Settled exactly once: a refusal below destroys the tar stream, and that premature close must not
  // surface later as an unhandled rejection (it would take the whole engine down).
  let pipeError: unknown;
  const piped = pipeline(source, tar).catch((error: unknown) => {
    pipeError = error;
  });
  try {
    for await (const entry of tar) {
      result.entries += 1;
      result.bytes += entry.header.size ?? 0;
      if (result.bytes > maxBytes) throw refuse(`archive expands beyond ${maxBytes} bytes`);
      const path = await writeEntry(root, entry.header, entry as unknown as Readable, options);
      entry.resume();
      if (path !== undefined && entry.header.type === 'directory')
        directories.push({ path, mtime: entry.header.mtime ?? new Date(0) });
    }
  } finally {
    tar.destroy();
    await piped;
  }
  if (pipeError !== undefined) {
    const message = pipeError instanceof Error ? pipeError.message : 'unreadable archive';
    throw pipeError instanceof AppError ? pipeError : refuse(`invalid tar archive: ${message}`);
  }
  for (const dir of directories.reverse()) await utimes(dir.path, dir.mtime, dir.mtime);
  return result;
}
