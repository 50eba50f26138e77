import { json, type RequestHandler } from 'express';

import { type ApiError } from '@wharf/contracts';

const parser = json({ limit: '1mb' });

/**
 * JSON bodies up to 1 MiB. body-parser's own errors (413 too large, 400 malformed) are answered
 * here in our error shape, because they happen before Nest's exception filters see the request.
 */
export const jsonBody: RequestHandler = (req, res, next) => {
  parser(req, res, (error?: unknown) => {
    if (error === undefined || error === null) {
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
