import { Hono } from 'hono';
import { installErrorHandling } from '../../../core/http/error-handling.ts';
import { authRoutes } from './auth/routes.ts';
import { albumRoutes, artistRoutes, catalogImportRoutes } from './catalog/routes.ts';
import { chartRoutes } from './charts/routes.ts';
import { healthRoutes } from './health/routes.ts';
import { bodyRules } from './http/body-rules.ts';
import { listeningRoutes } from './listening/routes.ts';
import { forwardMedia } from './media/forwarding.ts';
import { libraryRoutes, savedTrackRoutes } from './library/routes.ts';
import { meRoutes } from './me/routes.ts';
import { myPlaylistRoutes, playlistRoutes } from './playlists/routes.ts';
import { playerRoutes } from './player/routes.ts';
import { royaltyRoutes } from './royalties/routes.ts';
import { searchRoutes } from './search/routes.ts';
import { trackRoutes } from './tracks/routes.ts';
import { uploadRoutes } from './uploads/routes.ts';

export const app = new Hono<{ Bindings: Env }>();
installErrorHandling(app);
app.use('/api/v1/*', bodyRules);

app.route('/api/v1/health', healthRoutes);
app.route('/api/v1/auth', authRoutes);
app.route('/api/v1/me', meRoutes);
app.route('/api/v1/me/library', libraryRoutes);
app.route('/api/v1/me/tracks', savedTrackRoutes);
app.route('/api/v1/me/playlists', myPlaylistRoutes);
app.route('/api/v1/playlists', playlistRoutes);
app.route('/api/v1/me/player', playerRoutes);
app.route('/api/v1/me/player', listeningRoutes);
app.route('/api/v1/charts', chartRoutes);
app.route('/api/v1/artists', royaltyRoutes);
app.route('/api/v1/artists', artistRoutes);
app.route('/api/v1/albums', albumRoutes);
app.route('/api/v1/catalog', catalogImportRoutes);
app.route('/api/v1/search', searchRoutes);
app.route('/api/v1/uploads', uploadRoutes);
app.route('/api/v1/tracks', trackRoutes);

// One origin serves media too: the stream worker's public paths, never its ingest.
app.all('/media/*', forwardMedia);
