import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { installErrorHandling } from '#core/http/error-handling.ts';
import { requestId } from '#core/http/request-id.ts';
import { requestMetrics } from '#core/http/request-metrics.ts';
import { validationHook } from '#core/http/validation.ts';
import { userAdminRoutes } from './accounts/admin-routes.ts';
import { catalogArtworkRoutes, playlistArtworkRoutes } from './artwork/routes.ts';
import { refreshShardMaps } from '#core/shards.ts';
import { authRoutes } from './auth/routes.ts';
import { beaconRoutes } from './beacons/routes.ts';
import { browseRoutes } from './browse/routes.ts';
import { catalogImportRoutes, catalogRoutes } from './catalog/routes.ts';
import { chartRoutes } from './charts/routes.ts';
import { homeRoutes } from './home/routes.ts';
import { followRoutes } from './follow/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { bodyRules } from './http/body-rules.ts';
import { installApiDocs } from './http/openapi-document.ts';
import { jobAdminRoutes } from './jobs/routes.ts';
import { libraryRoutes } from './library/routes.ts';
import { listeningRoutes } from './listening/routes.ts';
import { lyricsReadRoutes, lyricsWriteRoutes } from './lyrics/routes.ts';
import { forwardMedia } from './media/forwarding.ts';
import { meRoutes } from './me/routes.ts';
import { offlineLicenseRoutes } from './offline/routes.ts';
import { playerRoutes } from './player/routes.ts';
import { playlistRoutes } from './playlists/routes.ts';
import { recommendationRoutes } from './recommendations/routes.ts';
import { episodePreviewRoutes, podcastRoutes, showImportRoutes, showPublishingRoutes } from './podcasts/routes.ts';
import { reshardAdminRoutes } from './reshard/routes.ts';
import { royaltyRoutes } from './royalties/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { settingsRoutes } from './settings/routes.ts';
import { sharePageRoutes, shareRoutes } from './share/routes.ts';
import { subsonicCredentialRoutes } from './subsonic/credential-routes.ts';
import { subsonicRoutes } from './subsonic/routes.ts';
import { trackOfflineRoutes } from './tracks/offline-routes.ts';
import { trackRoutes } from './tracks/routes.ts';
import { uploadAdminRoutes } from './uploads/admin-routes.ts';
import { uploadRoutes } from './uploads/routes.ts';

export const app = new OpenAPIHono<{ Bindings: Env }>({ defaultHook: validationHook });
installErrorHandling(app);
app.use(requestId('api'), requestMetrics);
app.use('/api/v1/*', bodyRules);
// Each request routes by the shard map in force: a reshard switches it at runtime (core/shard-map-runtime.ts).
const shardMapsInForce: MiddlewareHandler<{ Bindings: Env }> = async (c, next) => {
  await refreshShardMaps(c.env);
  await next();
};
app.use('/api/v1/*', shardMapsInForce);
app.use('/s/*', shardMapsInForce);

// Each group declares its access rule once and its routes' full paths below /api/v1 (src/http/route-group.ts).
const groups: OpenAPIHono<any>[] = [
  healthRoutes,
  authRoutes,
  meRoutes,
  settingsRoutes,
  homeRoutes,
  libraryRoutes,
  followRoutes,
  recommendationRoutes,
  playlistRoutes,
  playlistArtworkRoutes,
  playerRoutes,
  listeningRoutes,
  chartRoutes,
  catalogRoutes,
  browseRoutes,
  catalogArtworkRoutes,
  royaltyRoutes,
  catalogImportRoutes,
  showImportRoutes,
  showPublishingRoutes,
  episodePreviewRoutes,
  podcastRoutes,
  searchRoutes,
  shareRoutes,
  uploadRoutes,
  uploadAdminRoutes,
  trackRoutes,
  lyricsReadRoutes,
  lyricsWriteRoutes,
  trackOfflineRoutes,
  offlineLicenseRoutes,
  jobAdminRoutes,
  reshardAdminRoutes,
  userAdminRoutes,
  beaconRoutes,
  subsonicCredentialRoutes,
];
for (const group of groups) app.route('/api/v1', group);

installApiDocs(app);

// Subsonic apps: the OpenSubsonic API at /rest (its own contract, not in the OpenAPI document).
app.route('/', subsonicRoutes);

// Share pages (no login): server-rendered HTML at /s/{code}.
app.route('/', sharePageRoutes);

// One origin serves media too: the stream worker's public paths, never its ingest.
app.all('/media/*', forwardMedia);
