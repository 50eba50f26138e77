import type { Readable } from 'node:stream';

import { AppError } from '@wharf/errors';

/** Request bodies the API parses as JSON are small (create, exec, update); tar uploads are streamed. */
const MAX_JSON_BODY = 4 * 1024 * 1024;

/** Reads and parses a JSON body; empty → undefined; too big → 413-like error; malformed → 400. */
export async function readJsonBody<T>(body: Readable): Promise<T | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_JSON_BODY) {
      throw new AppError(
        'InvalidArgument',
        'BODY_TOO_LARGE',
        `request body larger than ${MAX_JSON_BODY} bytes`,
      );
    }
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new AppError('InvalidArgument', 'BAD_JSON', `invalid JSON: ${detail}`);
  }
}
