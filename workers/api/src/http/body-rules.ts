import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { PayloadTooLarge, UnsupportedMediaType } from '#core/errors.ts';

/** A JSON request body is at most 64 kB (the 413 of every JSON route in GET /api/v1/openapi.json). */
export const JSON_BODY_LIMIT_BYTES = 64 * 1024;

interface OwnBodyRoute {
  method: string;
  path: RegExp;
  /** `any`: the body is not JSON at all; `json`: JSON, but the handler bounds its size itself. */
  mediaType: 'any' | 'json';
}

/**
 * The routes whose handlers read and bound their own bodies. Every other body
 * under /api/v1 is JSON of at most JSON_BODY_LIMIT_BYTES.
 */
const OWN_BODY_ROUTES: readonly OwnBodyRoute[] = [
  // NDJSON of any length, streamed line by line with each line capped (catalog/import/ndjson-lines.ts).
  { method: 'POST', path: /^\/api\/v1\/catalog\/import$/, mediaType: 'any' },
  // Raw audio, exactly the part's size (uploads/parts.ts).
  { method: 'PUT', path: /^\/api\/v1\/uploads\/[^/]+\/parts\/[^/]+$/, mediaType: 'any' },
  // A raw JPEG/PNG/WebP of at most MAX_IMAGE_BYTES, read with that cap (artwork/image-body.ts).
  { method: 'PUT', path: /^\/api\/v1\/(?:albums|artists|playlists)\/[^/]+\/image$/, mediaType: 'any' },
  // text/plain LRC of at most MAX_LRC_BYTES, read with that cap (lyrics/lrc-body.ts).
  { method: 'PUT', path: /^\/api\/v1\/tracks\/[^/]+\/lyrics$/, mediaType: 'any' },
  // JSON, capped by its own bodyLimit with its own error code, report_too_large (listening/report.ts).
  { method: 'POST', path: /^\/api\/v1\/me\/player\/report$/, mediaType: 'json' },
];

const isJson = (contentType: string | undefined) => /^application\/json\s*(;|$)/i.test(contentType ?? '');

/** A request without a body (or with an empty one) passes untouched, whatever its route. */
const hasBody = (request: Request) => request.body !== null && request.headers.get('Content-Length') !== '0';

const jsonBodyLimit = bodyLimit({
  maxSize: JSON_BODY_LIMIT_BYTES,
  onError: () => {
    throw new PayloadTooLarge(`A JSON request body may be at most ${JSON_BODY_LIMIT_BYTES} bytes (64 kB).`);
  },
});

/** The body rules, once for the whole API: 415 for a body that is not JSON, 413 for one over 64 kB. */
export const bodyRules: MiddlewareHandler = async (c, next) => {
  if (!hasBody(c.req.raw)) return next();
  const own = OWN_BODY_ROUTES.find((route) => route.method === c.req.method && route.path.test(c.req.path));
  if (own?.mediaType !== 'any' && !isJson(c.req.header('Content-Type'))) {
    throw new UnsupportedMediaType(`This endpoint takes an application/json body; got ${JSON.stringify(c.req.header('Content-Type') ?? 'no Content-Type')}.`);
  }
  return own ? next() : jsonBodyLimit(c, next);
};
