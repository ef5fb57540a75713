import type { Context, ValidationTargets } from 'hono';
import type { ZodError } from 'zod';
import { errorBody } from '../errors.ts';

/**
 * The one way a zod failure is told to a client: the first issue as
 * `path: message`. An issue at the root has no path; `root` names it then
 * (`body: …`), otherwise the message stands alone.
 */
export function describeIssue(error: ZodError, { root, fallback = 'invalid input' }: { root?: string; fallback?: string } = {}): string {
  const issue = error.issues[0];
  if (!issue) return root ? `${root}: ${fallback}` : fallback;
  const where = issue.path.length ? issue.path.join('.') : root;
  return where ? `${where}: ${issue.message}` : issue.message;
}

type ValidationResult = { target: keyof ValidationTargets } & ({ success: true } | { success: false; error: ZodError });

/**
 * The API's answer to a request that fails its declared schema (OpenAPIHono's
 * defaultHook): a JSON body of the wrong shape is 422, a bad query, path or
 * header is 400; both say which field is wrong.
 */
export function validationHook(result: ValidationResult, c: Context): Response | undefined {
  if (result.success) return;
  const status = result.target === 'json' ? 422 : 400;
  return c.json(errorBody(status, 'invalid_request', describeIssue(result.error)), status);
}
