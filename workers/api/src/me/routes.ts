import { Hono } from 'hono';
import { requireAuth, type AuthedEnv } from '../auth/middleware.ts';
import { loadUser } from '../auth/service.ts';

// requireAuth on the route, not `.use()`: mounted at /api/v1/me, a `.use()` would also run for
// every /api/v1/me/* sub-app, which authenticates on its own.
export const meRoutes = new Hono<AuthedEnv>().get('/', requireAuth, async (c) => {
  const user = await loadUser(c.env, c.var.user.id);
  return c.json({
    id: user.id,
    email: user.email,
    display_name: user.displayName,
    role: user.role,
    product: user.product,
    country: user.country,
    artist_id: user.artistId,
    uri: `encore:user:${user.id}`,
  });
});
