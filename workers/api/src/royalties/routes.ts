import { z } from 'zod';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { readCachedJson, storeCachedJson } from '../http/edge-cache.ts';
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

/** A closed month's statement never changes: the edge keeps it (behind the access check) for a year. */
const CLOSED_STATEMENT_CACHE = 'public, max-age=31536000, immutable';
const statementCacheKey = (artistId: string, month: string) => `https://royalties.encore.internal/v1/artists/${encodeURIComponent(artistId)}/${month}`;

/** `GET /api/v1/artists/{id}/royalties`: the artist themself or an admin (assertMayReadRoyalties). */
export const royaltyRoutes = routeGroup<AuthedEnv>('Royalties', authenticated()).route(
  {
    method: 'get',
    path: '/artists/{id}/royalties',
    summary: "An artist's pro-rata statement for a month",
    description: 'A closed month is answered as the royalties job stored it when the month closed; the current month from the counts so far.',
    request: { params: z.object({ id: z.string() }), query: RoyaltiesQuery },
    responses: { 200: jsonResponse(RoyaltyStatement, 'The statement.'), ...errors(403, 404) },
  },
  async (c) => {
    const artistId = c.req.valid('param').id;
    const { month } = c.req.valid('query');
    assertMayReadRoyalties(c.var.user, artistId);
    const key = statementCacheKey(artistId, month);
    const cached = await readCachedJson<z.infer<typeof RoyaltyStatement>>(key);
    if (cached) return c.json(cached);
    const { statement, closed } = await royaltyStatement(c.env, artistId, month);
    if (closed) storeCachedJson(c.executionCtx, key, statement, CLOSED_STATEMENT_CACHE);
    return c.json(statement);
  },
).app;
