import { z } from 'zod';
import { offlineKeyBytes } from '#core/offline-key.ts';
import { LICENSE_EXPIRES_HEADER, licenseExpiresAt, OfflineLicenses } from '#core/protocol/offline.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse, noContent } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { licenseView, listLicenses, renewLicense, revokeLicense } from './licenses.ts';
import { requireOfflineTier } from './offline-tier.ts';

const TrackParam = z.object({ track_id: z.string().min(1).max(100) });

/** The listener's offline licenses: what their downloads may play under, and the keys that decrypt them. */
export const offlineLicenseRoutes = routeGroup<AuthedEnv>('Offline', authenticated())
  .route(
    {
      method: 'get',
      path: '/me/offline',
      summary: 'The caller’s offline licenses, with when each expires',
      description:
        'One per downloaded track still in force. A license expires 30 days after it was granted or last played (a key fetch); expired ones are not listed, and the hourly sweep deletes them.',
      responses: { 200: jsonResponse(OfflineLicenses, 'The licenses, soonest to expire first.') },
    },
    async (c) => c.json({ items: (await listLicenses(c.env, c.var.user.id)).map(licenseView) }),
  )
  .route(
    {
      method: 'get',
      path: '/me/offline/licenses/{track_id}/key',
      summary: 'The AES-128 key of a downloaded track (the URI of its #EXT-X-KEY)',
      description: [
        'The 16 raw bytes that decrypt the segments of the track’s offline copy (HLS AES-128: AES-128-CBC, PKCS#7, the IV of each `#EXT-X-KEY`).',
        'Premium only, read from the token: a free listener gets 403 `premium_required` (a downgrade bites at the next token refresh).',
        'Fetching the key renews the license for another 30 days; the `Encore-License-Expires` header says until when.',
        '404 `offline_license_not_found` without a license (never downloaded, removed, or swept); 403 `offline_license_expired` once it was not played for 30 days.',
      ].join(' '),
      request: { params: TrackParam },
      responses: {
        200: {
          description: 'The key: 16 bytes, never cached.',
          headers: {
            [LICENSE_EXPIRES_HEADER]: { schema: { type: 'string', format: 'date-time' }, description: 'When the license expires unless played again.' },
          },
          content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
        },
        ...errors(403, 404),
      },
    },
    async (c) => {
      const user = c.var.user;
      requireOfflineTier(user.product);
      const row = await renewLicense(c.env, user.id, c.req.valid('param').track_id);
      const key = await offlineKeyBytes(c.env.OFFLINE_KEY_SECRET, { userId: user.id, trackId: row.trackId, epoch: row.grantedAt });
      return new Response(key, {
        headers: {
          'Content-Type': 'application/octet-stream',
          'Cache-Control': 'no-store',
          [LICENSE_EXPIRES_HEADER]: new Date(licenseExpiresAt(row.lastPlayedAt)).toISOString(),
        },
      });
    },
  )
  .route(
    {
      method: 'delete',
      path: '/me/offline/licenses/{track_id}',
      summary: 'Give up the offline license of a track (its download was removed)',
      request: { params: TrackParam },
      responses: { 204: noContent('The license is gone (or there was none).') },
    },
    async (c) => {
      await revokeLicense(c.env, c.var.user.id, c.req.valid('param').track_id);
      return c.body(null, 204);
    },
  ).app;
