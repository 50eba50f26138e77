import { z } from 'zod';

/** The REST API's error body: a message meant for people, a stable code, and the offending fields. */
export const ApiErrorSchema = z.object({
  statusCode: z.number().int(),
  code: z.string(),
  message: z.string(),
  fields: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  errorId: z.string().optional(),
});
export type ApiError = z.infer<typeof ApiErrorSchema>;

/** REST prefix of the server. */
export const API_PREFIX = '/api/v1';
