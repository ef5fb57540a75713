import { createMiddleware } from 'hono/factory';
import { Forbidden, Unauthorized } from '#core/errors.ts';
import type { Role } from '#core/db/users-schema.ts';
import { readAccessToken, type AuthUser } from './tokens.ts';

/** `accessToken` is the verified token itself, for the WebSocket routes to hand to their Durable Object (which verifies it again). */
export type AuthedEnv = { Bindings: Env; Variables: { user: AuthUser; accessToken: string } };

/**
 * Requires a valid access token: `Authorization: Bearer`, or for WebSocket
 * upgrades (browsers cannot set headers there) an `access_token` query parameter.
 */
export const requireAuth = createMiddleware<AuthedEnv>(async (c, next) => {
  // Sub-apps mounted at the same prefix each require auth; verify the token once per request.
  if (c.get('user')) return next();
  const header = c.req.header('Authorization');
  let token: string | undefined;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) throw new Unauthorized('Authorization must be "Bearer <access_token>".', 'invalid_token');
    token = m[1];
  } else if (c.req.header('Upgrade')?.toLowerCase() === 'websocket') {
    token = c.req.query('access_token');
  }
  if (!token) throw new Unauthorized();
  c.set('user', await readAccessToken(token, c.env.JWT_SECRET));
  c.set('accessToken', token);
  await next();
});

export function requireRole(...roles: Role[]) {
  return createMiddleware<AuthedEnv>(async (c, next) => {
    if (!roles.includes(c.var.user.role)) throw new Forbidden(`This needs the ${roles.join(' or ')} role.`, 'insufficient_role');
    await next();
  });
}
