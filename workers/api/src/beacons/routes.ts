import { PlaybackStartBeacon, PLAYBACK_START_BEACON_PATH } from '#core/protocol/playback-start.ts';
import { jsonBody, noContent } from '../http/responses.ts';
import { publicAccess, routeGroup } from '../http/route-group.ts';

/**
 * `POST /api/v1/beacons/playback-start`: the web player's click-to-`playing`
 * time, one Analytics Engine datapoint (dataset `encore_playback`; columns:
 * blob1 track id, blob2 colo, blob3 country; double1 ms, double2 bitrate kb/s
 * or 0; index1 `playback_start`). Queries: docs/observability.md.
 *
 * Public on purpose: sendBeacon cannot set Authorization, and the datapoint
 * names no listener, so a token in the body would buy nothing but a secret
 * travelling where logs and proxies look. What keeps it honest is the shape:
 * a strict, small body (422 otherwise) and the 64 kB / JSON body rules.
 */
export const beaconRoutes = routeGroup('Beacons', publicAccess).route(
  {
    method: 'post',
    path: PLAYBACK_START_BEACON_PATH.replace('/api/v1', '') as '/beacons/playback-start',
    summary: 'Report a playback start time (web player beacon)',
    description: 'Sent with navigator.sendBeacon as an application/json Blob; no token. Recorded anonymously for the playback-start percentiles.',
    request: jsonBody(PlaybackStartBeacon),
    responses: { 204: noContent('Recorded.') },
  },
  async (c) => {
    const { ms, track_id, bitrate_kbps } = c.req.valid('json');
    const cf = c.req.raw.cf as { colo?: string; country?: string } | undefined;
    c.env.PLAYBACK_ANALYTICS.writeDataPoint({
      indexes: ['playback_start'],
      blobs: [track_id, cf?.colo ?? '', cf?.country ?? ''],
      doubles: [ms, bitrate_kbps ?? 0],
    });
    return c.body(null, 204);
  },
).app;
