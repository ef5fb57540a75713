import { z } from 'zod';
import { TrackView } from '#core/protocol/catalog-views.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { publicAccess, routeGroup } from '../http/route-group.ts';
import { getTrack, signedPreview } from './track-view.ts';

/** A preview redirect may be reused this long: far inside the signature it leads to (STREAM_URL_TTL_SECONDS). */
const PREVIEW_REDIRECT_MAX_AGE_SECONDS = 300;

/** Public: no token needed to look a track up. */
export const trackRoutes = routeGroup('Tracks', publicAccess)
  .route(
    {
      method: 'get',
      path: '/tracks/{id}',
      summary: 'A track, with a signed stream URL when it is ready',
      // Not validated here: getTrack answers 404 for any id it does not know.
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: jsonResponse(TrackView, 'The track.'), ...errors(404) },
    },
    async (c) => c.json(await getTrack(c.env, c.req.valid('param').id)),
  )
  .route(
    {
      method: 'get',
      path: '/tracks/{id}/preview',
      summary: "The track's 30-second preview: a redirect to a signed HLS master of its first 30 s",
      description:
        'Every track object carries this path as `preview_url`. The master it redirects to is signed with the `preview` scope: its media playlists list only the first 30 s, and no later segment can be fetched with it.',
      request: { params: z.object({ id: z.string() }) },
      responses: {
        302: { description: 'To the signed preview master (relative to the origin).', headers: z.object({ Location: z.string() }) },
        ...errors(404),
      },
    },
    async (c) => {
      const location = await signedPreview(c.env, c.req.valid('param').id);
      return new Response(null, { status: 302, headers: { Location: location, 'Cache-Control': `private, max-age=${PREVIEW_REDIRECT_MAX_AGE_SECONDS}` } });
    },
  ).app;
