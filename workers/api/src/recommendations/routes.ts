import { z } from 'zod';
import { TrackSummary } from '#core/protocol/catalog-views.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { artistRadio, trackRadio } from './radio.ts';
import { recommendedTracks } from './recommendations.ts';

const Tracks = z.object({ tracks: z.array(TrackSummary) });
const RadioQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  /** A station never ends; this only bounds how far ahead one request may look. */
  offset: z.coerce.number().int().min(0).max(1000).default(0),
});
const RecommendationsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const Id = z.object({ id: z.string() });
const RADIO_DESCRIPTION =
  "Neighbours of the seed walked outward; no artist twice in a row while another is left; tracks the caller played in the last 90 days come after the rest. Endless: pages by `offset` (at most 1000) are slices of one order fixed for the caller and seed, which wraps round when the station has played everything it found. A track nobody has played alongside others yet starts from its album's, artist's and genre's most popular tracks.";

/** Radio from a track or an artist, and the caller's recommendations. */
export const recommendationRoutes = routeGroup<AuthedEnv>('Recommendations', authenticated())
  .route(
    {
      method: 'get',
      path: '/tracks/{id}/radio',
      summary: 'A radio station from a track',
      description: RADIO_DESCRIPTION,
      request: { params: Id, query: RadioQuery },
      responses: { 200: jsonResponse(Tracks, 'A page of the station.'), ...errors(400, 404, 422) },
    },
    async (c) => c.json({ tracks: await trackRadio(c.env, c.var.user.id, c.req.valid('param').id, c.req.valid('query')) }),
  )
  .route(
    {
      method: 'get',
      path: '/artists/{id}/radio',
      summary: "A radio station from an artist's most popular tracks",
      description: RADIO_DESCRIPTION,
      request: { params: Id, query: RadioQuery },
      responses: { 200: jsonResponse(Tracks, 'A page of the station.'), ...errors(400, 404, 422) },
    },
    async (c) => c.json({ tracks: await artistRadio(c.env, c.var.user.id, c.req.valid('param').id, c.req.valid('query')) }),
  )
  .route(
    {
      method: 'get',
      path: '/me/recommendations',
      summary: 'Tracks for the caller they have not played',
      description:
        'From the neighbours (what people who played one track also played) of what the caller played in the last 90 days, weighted by plays and recency, and of their saved tracks; without what they played or saved; lightly re-ranked by popularity. Filled up from the trending and most popular tracks when their listening gives too few, so a new listener gets those.',
      request: { query: RecommendationsQuery },
      responses: { 200: jsonResponse(Tracks, 'The recommended tracks, best first.'), ...errors(400) },
    },
    async (c) => c.json({ tracks: await recommendedTracks(c.env, c.var.user.id, c.req.valid('query').limit) }),
  ).app;
