import { z } from 'zod';

/**
 * `GET /api/v1/openapi.json`: an OpenAPI 3.1 document. Only the top level that clients navigate is
 * spelled out here; what lies under each key is OpenAPI's own format.
 */
export const OpenApiDocumentSchema = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  servers: z.array(z.looseObject({ url: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.unknown()))),
  components: z.looseObject({ schemas: z.record(z.string(), z.record(z.string(), z.unknown())) }),
});
export type OpenApiDocument = z.infer<typeof OpenApiDocumentSchema>;
