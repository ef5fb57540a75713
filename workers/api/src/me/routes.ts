import { regionOf } from '#core/ids.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { MeResponse } from '../auth/schemas.ts';
import { loadUser } from '../auth/service.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';

export const meRoutes = routeGroup<AuthedEnv>('Me', authenticated()).route(
  { method: 'get', path: '/me', summary: 'The signed-in account', responses: { 200: jsonResponse(MeResponse, 'The caller.') } },
  async (c) => {
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
      data_region: regionOf(user.id),
    });
  },
).app;
