import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

import { type RequestHandler } from 'express';

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * Serves the static export of the web UI like a static host: the file itself, then `<path>.html`,
 * then `<path>/index.html`, then `index.html` (client-side routes). API and socket paths pass through.
 */
export function staticWeb(webDir: string): RequestHandler {
  const root = normalize(webDir);
  return (req, res, next) => {
    if (
      (req.method !== 'GET' && req.method !== 'HEAD') ||
      req.path.startsWith('/api/') ||
      req.path.startsWith('/socket.io/')
    ) {
      next();
      return;
    }
    let decoded: string;
    try {
      decoded = decodeURIComponent(req.path);
    } catch {
      next();
      return;
    }
    const base = normalize(join(root, decoded));
    if (base !== root && !base.startsWith(root + sep)) {
      next();
      return;
    }
    const candidates = [
      base,
      `${base.replace(/[\\/]+$/, '')}.html`,
      join(base, 'index.html'),
      join(root, 'index.html'),
    ];
    const file = candidates.find(isFile);
    if (file === undefined) {
      next();
      return;
    }
    res.sendFile(file, { dotfiles: 'deny' });
  };
}
