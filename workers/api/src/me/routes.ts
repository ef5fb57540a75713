import { Hono } from 'hono';
import { requireAuth, type AuthedEnv } from '../auth/middleware.ts';
import { loadUser } from '../auth/service.ts';

export const meRoutes = new Hono<AuthedEnv>().use(requireAuth).get('/', async (c) => {
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
