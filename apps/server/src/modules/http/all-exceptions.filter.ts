import { randomUUID } from 'node:crypto';

import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException } from '@nestjs/common';
import { type ApiError } from '@wharf/contracts';
import { httpStatusOf, isAppError } from '@wharf/errors';
import { type Logger } from '@wharf/util';
import { type Response } from 'express';
import { ZodValidationException } from 'nestjs-zod';
import { type ZodError } from 'zod';

function zodFields(error: ZodError): NonNullable<ApiError['fields']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    message: issue.message,
  }));
}

/** Maps any thrown value to the REST error body; the one place HTTP statuses are chosen. */
export function toApiError(exception: unknown): {
  body: ApiError;
  headers: Record<string, string>;
} {
  if (isAppError(exception)) {
    const statusCode = httpStatusOf(exception.category);
    const retryAfter = exception.details?.['retryAfterSeconds'];
    const headers: Record<string, string> =
      retryAfter === undefined ? {} : { 'retry-after': String(Number(retryAfter)) };
    // 503s carry a message meant for people ("host web-1 is offline"); other 5xx stay opaque.
    if (statusCode < 500 || exception.category === 'Unavailable')
      return { body: { statusCode, code: exception.code, message: exception.message }, headers };
  }
  if (exception instanceof ZodValidationException) {
    const fields = zodFields(exception.getZodError() as ZodError);
    return {
      body: {
        statusCode: 400,
        code: 'VALIDATION_FAILED',
        message: 'the request is not valid',
        fields,
      },
      headers: {},
    };
  }
  if (exception instanceof HttpException && exception.getStatus() < 500) {
    const statusCode = exception.getStatus();
    return {
      body: { statusCode, code: `HTTP_${statusCode}`, message: exception.message },
      headers: {},
    };
  }
  return {
    body: { statusCode: 500, code: 'INTERNAL', message: 'internal error', errorId: randomUUID() },
    headers: {},
  };
}

@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly logger: Logger) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    const { body, headers } = toApiError(exception);
    if (body.errorId !== undefined) {
      this.logger.error({ err: exception, errorId: body.errorId }, 'request failed');
    }
    if (res.headersSent) return;
    res.status(body.statusCode).set(headers).json(body);
  }
}
