import { SetMetadata } from '@nestjs/common';
import { type z, type ZodType } from 'zod';

/** What a REST handler answers on success, as the OpenAPI document describes it. */
export type ResponseSpec =
  /** A JSON body: the output of this zod schema (from `@wharf/contracts`). */
  | { kind: 'json'; schema: ZodType }
  /** No body (204). */
  | { kind: 'empty' }
  /** A file download (`Content-Disposition: attachment`), in one of these media types. */
  | { kind: 'download'; content: Record<string, ZodType> }
  /** Whatever another API answers, passed through as it came (status, headers, body or stream). */
  | { kind: 'relayed'; description: string };

export const RESPONSE_SPEC = 'wharf:response-spec';

/** A handler whose (awaited) return value is a `T`. */
type Handler<T> = (...args: never[]) => T | Promise<T>;

/** A method decorator that records `spec` and only fits handlers returning `T`. */
function responseDecorator<T>(spec: ResponseSpec) {
  const set = SetMetadata(RESPONSE_SPEC, spec);
  return <H extends Handler<T>>(
    target: object,
    key: string | symbol,
    descriptor: TypedPropertyDescriptor<H>,
  ): void => {
    set(target, key, descriptor);
  };
}

/**
 * The JSON body a route answers with on success. The handler's return type must be the schema's
 * output type, so the type checker keeps the two together; the OpenAPI document publishes the
 * schema's JSON Schema form. Every REST route declares one of `@Responds*` (the server refuses to
 * start otherwise: see `openApiDocument`).
 */
export const Responds = <S extends ZodType>(schema: S) =>
  responseDecorator<z.output<S>>({ kind: 'json', schema });

/** The route answers 204 with no body. */
export const RespondsEmpty = () => responseDecorator<void>({ kind: 'empty' });

/** The route writes a file download itself (`@Res()`), in one of these media types. */
export const RespondsDownload = (content: Record<string, ZodType>) =>
  responseDecorator<void>({ kind: 'download', content });

/** The route passes another API's answer through unchanged (`@Res()`); `description` says which. */
export const RespondsRelayed = (description: string) =>
  responseDecorator<void>({ kind: 'relayed', description });
