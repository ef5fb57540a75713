import { z } from 'zod';
import { TrackView } from '#core/protocol/catalog-views.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { publicAccess, routeGroup } from '../http/route-group.ts';
import { getTrack, previewHash } from './track-view.ts';
import { optionalUser } from '../auth/middleware.ts';
import { previewRedirect, previewRedirectDescription, PreviewRedirectResponse } from '../http/preview-redirect.ts';

/** Public: no token needed to look a track up. */
export const trackRoutes = routeGroup('Tracks', publicAccess)
  .route(
    {
      method: 'get',
      path: '/tracks/{id}',
      summary: 'A track, with a signed stream URL when it is ready',
      description:
        "The stream is signed for the caller's tier: with a free listener's token (or none) its master lists renditions up to 128 kb/s only, and higher ones are refused (403 premium_required); a premium listener's lists them all.",
      // Not validated here: getTrack answers 404 for any id it does not know.
      request: { params: z.object({ id: z.string() }) },
      responses: { 200: jsonResponse(TrackView, 'The track.'), ...errors(401, 404) },
    },
    async (c) => c.json(await getTrack(c.env, c.req.valid('param').id, (await optionalUser(c))?.product ?? null)),
  )
  .route(
    {
      method: 'get',
      path: '/tracks/{id}/preview',
      summary: "The track's 30-second preview: a redirect to a signed HLS master of its first 30 s",
      description: previewRedirectDescription('track'),
      request: { params: z.object({ id: z.string() }) },
      responses: { ...PreviewRedirectResponse, ...errors(404) },
    },
    async (c) => previewRedirect(c.env, await previewHash(c.env, c.req.valid('param').id)),
  ).app;
