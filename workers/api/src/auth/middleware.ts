import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { Forbidden, Unauthorized } from '#core/errors.ts';
import type { Role } from '#core/db/users-schema.ts';
import { readAccessToken, type AuthUser } from './tokens.ts';

/** `accessToken` is the verified token itself, for the WebSocket routes to hand to their Durable Object (which verifies it again). */
export type AuthedEnv = { Bindings: Env; Variables: { user: AuthUser; accessToken: string } };

/**
 * The bearer token of a request, if it presents one: `Authorization: Bearer`, or
 * for WebSocket upgrades (browsers cannot set headers there) an `access_token`
 * query parameter. A malformed Authorization header is 401.
 */
function presentedToken(c: Context): string | undefined {
  const header = c.req.header('Authorization');
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new Unauthorized('Authorization must be "Bearer <access_token>".', 'invalid_token');
    return m[1];
  }
  if (c.req.header('Upgrade')?.toLowerCase() === 'websocket') return c.req.query('access_token');
  return undefined;
}

/** Requires a valid access token. */
export const requireAuth = createMiddleware<AuthedEnv>(async (c, next) => {
  // Sub-apps mounted at the same prefix each require auth; verify the token once per request.
  if (c.get('user')) return next();
  const token = presentedToken(c);
  if (!token) throw new Unauthorized();
  c.set('user', await readAccessToken(token, c.env.JWT_SECRET));
  c.set('accessToken', token);
  await next();
});

/** For public routes whose answer depends on who asks: the bearer, or null without a token (a bad token is still 401). */
export async function optionalUser(c: Context<{ Bindings: Env }>): Promise<AuthUser | null> {
  const token = presentedToken(c);
  return token ? readAccessToken(token, c.env.JWT_SECRET) : null;
}

export function requireRole(...roles: Role[]) {
  return createMiddleware<AuthedEnv>(async (c, next) => {
    if (!roles.includes(c.var.user.role)) throw new Forbidden(`This needs the ${roles.join(' or ')} role.`, 'insufficient_role');
    await next();
  });
}
