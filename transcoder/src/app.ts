import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { log } from '../../core/log.ts';
import type { TranscoderConfig } from './config.ts';
import { ffmpegVersion } from './ffmpeg-version.ts';
import { sendError, sendJson } from './http-json.ts';
import { CpuSlots } from './cpu-slots.ts';
import { jobsHandler } from './jobs-route.ts';
import { Semaphore } from './semaphore.ts';

type Handler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

async function health(_req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    sendJson(res, 200, { status: 'ok', ffmpeg: await ffmpegVersion() });
  } catch {
    sendJson(res, 503, { status: 'unavailable', ffmpeg: null });
  }
}

/** The transcoder's HTTP surface: two routes, so a table beats a framework. */
export function createTranscoderServer(config: TranscoderConfig): Server {
  const routes: Record<string, Partial<Record<string, Handler>>> = {
    '/health': { GET: health },
    '/jobs': { POST: jobsHandler(config, new Semaphore(config.concurrency), new CpuSlots(config.cpuSlots)) },
  };
  const server = createServer((req, res) => {
    const route = routes[new URL(req.url ?? '/', 'http://transcoder').pathname];
    const handler = route?.[req.method ?? 'GET'];
    if (!route) return sendError(res, 404, 'not_found', 'No such endpoint.', true);
    if (!handler) return sendError(res, 405, 'method_not_allowed', 'Method not allowed.', true, { Allow: Object.keys(route).join(', ') });
    handler(req, res).catch((error: unknown) => {
      log('error', 'unhandled_error', { worker: 'transcoder', request_id: null, method: req.method, path: req.url?.split('?')[0], error });
      if (!res.headersSent) sendError(res, 500, 'internal', 'The transcoder failed unexpectedly.', false);
      else res.destroy();
    });
  });
  // Jobs can take minutes while the queue consumer waits on the open request.
  server.requestTimeout = 0;
  return server;
}
