import { json, type RequestHandler } from 'express';

import { type ApiError } from '@wharf/contracts';

const parser = json({ limit: '1mb' });

/**
 * JSON bodies up to 1 MiB. body-parser's own errors (413 too large, 400 malformed) are answered
 * here in our error shape, because they happen before Nest's exception filters see the request.
 */
/** The path of the first string (or key) holding a NUL character, which PostgreSQL cannot store. */
export function nulPath(value: unknown, path: string[] = []): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path.join('.') : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    if (key.includes('\u0000')) return [...path, key].join('.');
    const found = nulPath(inner, [...path, key]);
    if (found !== undefined) return found;
  }
  return undefined;
}

const nulRefusal = (path: string): ApiError => ({
  statusCode: 400,
  code: 'VALIDATION_FAILED',
  message: 'the request is not valid',
  fields: [{ path, message: 'must not contain NUL characters' }],
});

export const jsonBody: RequestHandler = (req, res, next) => {
  if (/%00/.test(req.url)) {
    res.status(400).json(nulRefusal('url'));
    return;
  }
  parser(req, res, (error?: unknown) => {
    if (error === undefined || error === null) {
      // Refused here for every route and database alike, rather than failing later in PostgreSQL.
      const nul = nulPath(req.body);
      if (nul !== undefined) {
        res.status(400).json(nulRefusal(nul));
        return;
      }
      next();
      return;
    }
    const status = (error as { status?: number }).status;
    const statusCode = status === 413 ? 413 : 400;
    const body: ApiError = {
      statusCode,
      code: statusCode === 413 ? 'BODY_TOO_LARGE' : 'BODY_INVALID',
      message: statusCode === 413 ? 'request body exceeds 1 MiB' : 'request body is not valid JSON',
    };
    res.status(statusCode).json(body);
  });
};
