import { toJSONSchema, type ZodType } from 'zod';

/** A JSON response of the given schema, for a route's `responses`. */
export const jsonResponse = <T extends ZodType>(schema: T, description: string) => ({ description, content: { 'application/json': { schema } } });

export const noContent = (description = 'Done; no body.') => ({ description });

/** A required JSON request body (validated; 422 naming the field when its shape is wrong). */
export const jsonBody = <T extends ZodType>(schema: T) => ({ body: { required: true as const, content: { 'application/json': { schema } } } });

/**
 * A schema for the document only: a JSON Schema object rather than zod, so
 * OpenAPIHono adds no validator (for bodies a handler reads and caps itself).
 */
export function documentedOnly(schema: ZodType): Record<string, unknown> {
  const { $schema: _, ...json } = toJSONSchema(schema, { io: 'input' });
  return json;
}
