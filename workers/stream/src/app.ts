import { Hono } from 'hono';
import { installErrorHandling } from '#core/http/error-handling.ts';
import { requestId } from '#core/http/request-id.ts';
import { requestMetrics } from '#core/http/request-metrics.ts';
import { imageRoutes } from './images.ts';
import { ingestRoutes } from './ingest.ts';
import { playlistRoutes } from './playlists.ts';
import { progressiveRoutes } from './progressive.ts';
import { segmentRoutes } from './segments.ts';
import { sourceRoutes } from './sources.ts';

export const app = new Hono<{ Bindings: Env }>();
installErrorHandling(app);
app.use(requestId('stream'), requestMetrics);

app.get('/media/health', (c) => c.json({ status: 'ok' }));
app.route('/media/hls', playlistRoutes);
app.route('/media/hls', segmentRoutes);
app.route('/media/progressive', progressiveRoutes);
app.route('/media/sources', sourceRoutes);
app.route('/media/images', imageRoutes);
app.route('/media/ingest', ingestRoutes);
