import { z } from 'zod';
import { SignedStream } from '#core/protocol/catalog-views.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { offlineStream } from './track-view.ts';

/** Offline downloads: where the web player's Downloads fetch a track from, for premium listeners only. */
export const trackOfflineRoutes = routeGroup<AuthedEnv>('Tracks', authenticated()).route(
  {
    method: 'get',
    path: '/tracks/{id}/offline',
    summary: 'A signed master to download a track for offline play (premium)',
    description:
      "Offline downloads are for premium listeners: a free listener's token gets 403 premium_required. The master is signed like `stream.hls_url` (every rendition); 404 when the track is unknown or has no audio yet.",
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: jsonResponse(SignedStream, 'The signed master to download.'), ...errors(403, 404) },
  },
  async (c) => c.json(await offlineStream(c.env, c.req.valid('param').id, c.var.user)),
).app;
