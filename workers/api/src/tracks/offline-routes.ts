import { z } from 'zod';
import { OfflineDownload } from '#core/protocol/offline.ts';
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
      "Offline downloads are for premium listeners: a free listener's token gets 403 premium_required. Grants the caller's offline license for the track (or renews it: another 30 days) and returns a master signed with the `offline` scope under it: every rendition, each media playlist naming an `#EXT-X-KEY` (METHOD=AES-128, the license's `key_url`, a per-segment IV) and every media segment served encrypted for this listener (the init segment stays plain). 404 when the track is unknown or has no audio yet.",
    request: { params: z.object({ id: z.string() }) },
    responses: { 200: jsonResponse(OfflineDownload, 'The signed master to download, and the license it is encrypted under.'), ...errors(403, 404) },
  },
  async (c) => c.json(await offlineStream(c.env, c.req.valid('param').id, c.var.user)),
).app;
