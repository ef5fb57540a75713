import { OpenAPIHono, type RouteConfig, type RouteHandler } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import type { Role } from '#core/db/users-schema.ts';
import { validationHook } from '#core/http/validation.ts';
import { requireAuth, requireRole, type AuthedEnv } from '../auth/middleware.ts';
import { errors } from './error-responses.ts';

export type PublicEnv = { Bindings: Env };

/** The bearer scheme of the OpenAPI document; authenticated routes name it in their `security`. */
export const BEARER = 'bearer';

type Access<E> = { env?: E; middleware: MiddlewareHandler[]; security: Array<Record<string, string[]>>; errorStatuses: number[] };

/** Anyone may call these; no token is read. */
export const publicAccess: Access<PublicEnv> = { middleware: [], security: [], errorStatuses: [] };

/** A valid access token, and with roles one of them (403 otherwise). */
export function authenticated(...roles: Role[]): Access<AuthedEnv> {
  return {
    middleware: roles.length ? [requireAuth, requireRole(...roles)] : [requireAuth],
    security: [{ [BEARER]: [] }],
    errorStatuses: roles.length ? [401, 403] : [401],
  };
}

/** The error statuses a route can answer because of what it declares: its inputs, its body. */
function declaredErrorStatuses(route: RouteConfig): number[] {
  const statuses = [500];
  if (route.request?.params || route.request?.query || route.request?.headers) statuses.push(400);
  const content = (route.request?.body as { content?: Record<string, unknown> } | undefined)?.content;
  if (content?.['application/json']) statuses.push(400, 413, 415, 422);
  return statuses;
}

/**
 * Routes that share one access rule, declared once: every route of the group
 * gets the rule's middleware (before its validators) and the matching OpenAPI
 * `security` and error responses. Mount a group's `app` at `/api/v1`; routes
 * carry their full path below it.
 */
export class RouteGroup<E extends PublicEnv> {
  readonly app = new OpenAPIHono<E>({ defaultHook: validationHook });

  constructor(
    private readonly tag: string,
    private readonly access: Access<E>,
  ) {}

  /**
   * Declares one route. The handler may return any Response (204s, WebSocket
   * upgrades, forwarded answers); the api test project checks every JSON body
   * against the declared schema (workers/api/test/contract.ts).
   */
  route<R extends RouteConfig>(config: R, handler: (c: Parameters<RouteHandler<R, E>>[0]) => Response | Promise<Response>): this {
    const statuses = [...new Set([...this.access.errorStatuses, ...declaredErrorStatuses(config)])].sort();
    const declared = {
      ...config,
      tags: config.tags ?? [this.tag],
      security: this.access.security,
      middleware: [...this.access.middleware, ...((config.middleware as MiddlewareHandler[] | undefined) ?? [])],
      responses: { ...errors(...statuses), ...config.responses },
    };
    this.app.openapi(declared as R, handler as never);
    return this;
  }
}

export const routeGroup = <E extends PublicEnv>(tag: string, access: Access<E>) => new RouteGroup<E>(tag, access);
