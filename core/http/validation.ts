import { zValidator } from '@hono/zod-validator';
import type { ValidationTargets } from 'hono';
import type { ZodType } from 'zod';
import { errorBody } from '../errors.ts';

/**
 * zValidator with API.md errors: a body that is not JSON is 400, a JSON body of
 * the wrong shape is 422 and says which field is wrong.
 */
export function validate<T extends ZodType, Target extends keyof ValidationTargets>(target: Target, schema: T) {
  return zValidator(target, schema, (result, c) => {
    if (result.success) return;
    const issue = result.error.issues[0];
    const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
    const status = target === 'json' ? 422 : 400;
    return c.json(errorBody(status, 'invalid_request', `${where}${issue?.message ?? 'invalid input'}`), status);
  });
}
