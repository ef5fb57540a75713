import { z } from 'zod';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { assertMayReadRoyalties, royaltyStatement, RoyaltiesQuery } from './statement.ts';

const RoyaltyStatement = z.object({
  artist: z.object({ id: z.string(), name: z.string() }),
  month: z.string(),
  currency: z.string(),
  pool_minor_units: z.number().int(),
  distributed_minor_units: z.number().int(),
  total_streams: z.number().int(),
  artist_streams: z.number().int(),
  amount_minor_units: z.number().int(),
  rounding: z.string(),
  tracks: z.array(z.object({ track_id: z.string(), title: z.string(), streams: z.number().int(), amount_minor_units: z.number().int() })),
});

/** `GET /api/v1/artists/{id}/royalties`: the artist themself or an admin (assertMayReadRoyalties). */
export const royaltyRoutes = routeGroup<AuthedEnv>('Royalties', authenticated()).route(
  {
    method: 'get',
    path: '/artists/{id}/royalties',
    summary: "An artist's pro-rata statement for a month",
    request: { params: z.object({ id: z.string() }), query: RoyaltiesQuery },
    responses: { 200: jsonResponse(RoyaltyStatement, 'The statement.'), ...errors(403, 404) },
  },
  async (c) => {
    const artistId = c.req.valid('param').id;
    assertMayReadRoyalties(c.var.user, artistId);
    return c.json(await royaltyStatement(c.env, artistId, c.req.valid('query').month));
  },
).app;
