import { z } from 'zod';
import { TrackView } from '#core/protocol/catalog-views.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { publicAccess, routeGroup } from '../http/route-group.ts';
import { getTrack } from './track-view.ts';

/** Public: no token needed to look a track up. */
export const trackRoutes = routeGroup('Tracks', publicAccess).route(
  {
    method: 'get',
    path: '/tracks/{id}',
    summary: 'A track, with a signed stream URL when it is ready',
    // Not validated here: getTrack answers 404 for any id it does not know.
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: jsonResponse(TrackView, 'The track.'), ...errors(404) },
  },
  async (c) => c.json(await getTrack(c.env, c.req.valid('param').id)),
).app;
