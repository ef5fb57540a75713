import type { ZodType } from 'zod';
import { describeIssue } from '#core/http/validation.ts';
import { app } from '../src/app.ts';

interface DeclaredRoute {
  method: string;
  pattern: RegExp;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
}

/** The routes of the OpenAPI document, with the zod schemas it was generated from. */
const declared: DeclaredRoute[] = app.openAPIRegistry.definitions.flatMap((def) => {
  if (def.type !== 'route') return [];
  const { method, path, responses } = def.route;
  const pattern = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  return [{ method: method.toUpperCase(), pattern, path, responses: responses as DeclaredRoute['responses'] }];
});

const isZod = (schema: unknown): schema is ZodType => typeof (schema as ZodType | undefined)?.safeParse === 'function';

/**
 * Checks a response against the document: its status must be one the route
 * declares, and a JSON body must match that status's schema. Responses of
 * paths outside the document (/media/*, unknown routes) are not checked.
 * Throws, so a test fails when the document and the API disagree.
 */
export async function assertMatchesContract(method: string, url: string, res: Response): Promise<void> {
  const path = new URL(url).pathname;
  // HEAD is answered by the GET route.
  const wanted = method.toUpperCase() === 'HEAD' ? 'GET' : method.toUpperCase();
  const route = declared.find((r) => r.method === wanted && r.pattern.test(path));
  if (!route) return;
  const where = `${wanted} ${route.path} → ${res.status}`;
  const response = route.responses[String(res.status)];
  if (!response) throw new Error(`${where}: status not declared in the OpenAPI document`);
  const contentType = res.headers.get('content-type') ?? '';
  if (!/^application\/json/i.test(contentType) || wanted === 'HEAD') return;
  const schema = response.content?.['application/json']?.schema;
  if (!schema) throw new Error(`${where}: JSON body, but the document declares none`);
  if (!isZod(schema)) return;
  const parsed = schema.safeParse(await res.clone().json());
  if (!parsed.success) throw new Error(`${where}: body does not match the document: ${describeIssue(parsed.error)}`);
}
