import { NotFoundException } from '@nestjs/common';
import { AppError } from '@wharf/errors';
import { ZodValidationException } from 'nestjs-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

import { toApiError } from './all-exceptions.filter';

describe('toApiError', () => {
  it('maps AppError categories through httpStatusOf, keeping code and message', () => {
    expect(
      toApiError(new AppError('Unauthenticated', 'LOGIN_FAILED', 'invalid username or password'))
        .body,
    ).toEqual({
      statusCode: 401,
      code: 'LOGIN_FAILED',
      message: 'invalid username or password',
    });
    expect(toApiError(new AppError('NotFound', 'X', 'gone')).body.statusCode).toBe(404);
  });

  it('answers lockouts with 429 and Retry-After', () => {
    const { body, headers } = toApiError(
      new AppError('ResourceExhausted', 'RATE_LIMITED', 'slow down', {
        details: { retryAfterSeconds: 42 },
      }),
    );
    expect(body.statusCode).toBe(429);
    expect(headers).toEqual({ 'retry-after': '42' });
  });

  it('keeps the message of Unavailable (503) errors, which are meant for people', () => {
    expect(
      toApiError(new AppError('Unavailable', 'HOST_OFFLINE', 'host a is offline')).body,
    ).toEqual({
      statusCode: 503,
      code: 'HOST_OFFLINE',
      message: 'host a is offline',
    });
  });

  it('lists the fields of a validation error', () => {
    const result = z.object({ ttlSeconds: z.number().min(60) }).safeParse({ ttlSeconds: 5 });
    const { body } = toApiError(new ZodValidationException(result.error));
    expect(body).toMatchObject({
      statusCode: 400,
      code: 'VALIDATION_FAILED',
      fields: [{ path: 'ttlSeconds' }],
    });
  });

  it('passes Nest 4xx exceptions through', () => {
    expect(toApiError(new NotFoundException('Cannot GET /x')).body).toMatchObject({
      statusCode: 404,
    });
  });

  it('hides internal errors behind an errorId', () => {
    const { body } = toApiError(new Error('database password is hunter2'));
    expect(body).toEqual({
      statusCode: 500,
      code: 'INTERNAL',
      message: 'internal error',
      errorId: expect.any(String),
    });
    expect(JSON.stringify(body)).not.toContain('hunter2');
    expect(toApiError(new AppError('Internal', 'BOOM', 'secret detail')).body.message).toBe(
      'internal error',
    );
  });
});
