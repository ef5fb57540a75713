import type { Context } from 'hono';
import { NotFound } from '#core/errors.ts';
import { withRequestId } from '#core/http/request-id.ts';

/**
 * The stream worker's public paths: playback, artwork and the signed source download.
 * Matched on the parsed (dot-segment-resolved) path, so no spelling of
 * `/media/ingest` — the transcoder's write path — is ever forwarded.
 */
const PUBLIC_MEDIA_PATH = /^\/media\/(?:hls|sources|images)\/[^/]|^\/media\/health$/;

export function forwardMedia(c: Context<{ Bindings: Env }>): Promise<Response> {
  const path = new URL(c.req.url).pathname;
  if (!PUBLIC_MEDIA_PATH.test(path)) throw new NotFound(`No route for ${c.req.method} ${path}.`, 'route_not_found');
  return c.env.STREAM.fetch(withRequestId(c.req.raw, c.var.requestId));
}
