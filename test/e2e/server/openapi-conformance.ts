import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';

type Json = Record<string, unknown>;

export interface ResponseObject {
  description: string;
  content?: Record<string, { schema: Json }>;
  'x-wharf-relayed'?: boolean;
}

export interface Operation {
  parameters: { name: string; in: string; required: boolean; schema: Json }[];
  requestBody?: { content: { 'application/json': { schema: Json } } };
  responses: Record<string, ResponseObject>;
  security: unknown[];
  operationId: string;
}

export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Json>; securitySchemes: Json };
}

const COMPONENT_REF = '#/components/schemas/';

/**
 * Checks real answers against what an OpenAPI document publishes, with a real JSON Schema 2020-12
 * validator (Ajv, strict): the document's schema for that route, status and media type, not the
 * zod schema behind it.
 */
export class ResponseChecker {
  private readonly ajv = new Ajv2020({ strict: true, allowUnionTypes: true, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(readonly doc: OpenApiDoc) {
    // zod writes `format: date-time` beside its own pattern: hold answers to both.
    this.ajv.addFormat('date-time', (value: string) => !Number.isNaN(Date.parse(value)));
  }

  /** A schema as published, with a `$ref` to `#/components/schemas/…` followed. */
  resolve(schema: Json): Json {
    const ref = schema['$ref'];
    if (typeof ref !== 'string') return schema;
    const target = ref.startsWith(COMPONENT_REF)
      ? this.doc.components.schemas[ref.slice(COMPONENT_REF.length)]
      : undefined;
    if (target === undefined) throw new Error(`unresolvable $ref ${ref}`);
    return target;
  }

  /** The validator of a published schema; throws if strict Ajv finds the schema itself invalid. */
  validator(schema: Json): ValidateFunction {
    const resolved = this.resolve(schema);
    const key = JSON.stringify(resolved);
    let validate = this.compiled.get(key);
    if (validate === undefined) {
      validate = this.ajv.compile(resolved);
      this.compiled.set(key, validate);
    }
    return validate;
  }

  /** Ajv's complaints about `value` under `schema`; empty when it fits. */
  errorsOf(schema: Json, value: unknown): string[] {
    const validate = this.validator(schema);
    if (validate(value)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? e.keyword}`);
  }

  /**
   * What is wrong with an answer of `method template` by the document: an undocumented status or
   * media type, a body where none is documented, or a body its schema rejects. Empty when it fits.
   */
  problems(
    method: string,
    template: string,
    answer: { status: number; contentType: string | null; body: unknown },
  ): string[] {
    const op = this.doc.paths[template]?.[method.toLowerCase()];
    if (op === undefined) return [`${method} ${template} is not in the document`];
    const status = String(answer.status);
    const response = op.responses[status] ?? op.responses[`${status[0] ?? ''}XX`];
    if (response === undefined) return [`status ${status} is not documented`];
    if (response.content === undefined)
      return answer.body === undefined ? [] : [`status ${status} documents no body`];
    const type = (answer.contentType ?? '').split(';')[0]?.trim() ?? '';
    const media = response.content[type] ?? response.content['*/*'];
    if (media === undefined) return [`media type ${type} is not documented for ${status}`];
    return this.errorsOf(media.schema, answer.body);
  }
}
