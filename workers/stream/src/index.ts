import { Hono } from 'hono';
import { installErrorHandling } from '../../../core/http/error-handling.ts';

const app = new Hono<{ Bindings: Env }>();
installErrorHandling(app);
app.get('/media/health', (c) => c.json({ status: 'ok' }));

export default {
  fetch: app.fetch,
} satisfies ExportedHandler<Env>;
