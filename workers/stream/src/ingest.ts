import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { BadRequest, NotFound, PayloadTooLarge, Unauthorized, Unprocessable } from '../../../core/errors.ts';
import { edgeCacheKey } from './edge-cache.ts';
import { mediaTypeFor } from './media-types.ts';

/** Far above any playlist, segment or meta.json the transcoder writes. */
const MAX_OBJECT_BYTES = 256 * 1024 * 1024;

const encoder = new TextEncoder();

/** Constant-time comparison: both sides are hashed first so lengths leak nothing either. */
async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([given, expected].map((s) => crypto.subtle.digest('SHA-256', encoder.encode(s))));
  return crypto.subtle.timingSafeEqual(a!, b!);
}

const requireTranscoder = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const header = c.req.header('Authorization') ?? '';
  const token = /^Bearer (.+)$/.exec(header)?.[1];
  if (!token || !(await secretsEqual(token, c.env.TRANSCODER_SECRET))) {
    throw new Unauthorized('The ingest path takes the transcoder secret as a bearer token.');
  }
  await next();
});

/** The R2 key for `hls/{hash}/{path}`, refusing anything that could leave the ladder. */
function ladderKey(hash: string, path: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Unprocessable('The content hash must be 64 lowercase hex characters.', 'invalid_content_hash');
  const segments = path.split('/');
  const valid = /^[A-Za-z0-9_./-]+$/.test(path) && segments.every((s) => s !== '' && s !== '.' && s !== '..');
  if (!valid) throw new Unprocessable('The path may hold only letters, digits, "_", "-", "." and "/" separators, without "." or ".." segments.', 'invalid_path');
  return `hls/${hash}/${path}`;
}

/**
 * Where the transcoder writes a ladder (bearer TRANSCODER_SECRET). Bodies stream
 * straight into R2 and must declare their length; GET/HEAD read an object back
 * (the transcoder looks for `meta.json` to skip work already done).
 */
export const ingestRoutes = new Hono<{ Bindings: Env }>()
  .use('*', requireTranscoder)
  .put('/hls/:hash/:path{.+}', async (c) => {
    const key = ladderKey(c.req.param('hash'), c.req.param('path'));
    const declared = c.req.header('Content-Length');
    if (!declared || !/^\d+$/.test(declared)) throw new BadRequest('A Content-Length header is required.', 'content_length_required');
    const length = Number(declared);
    if (length > MAX_OBJECT_BYTES) throw new PayloadTooLarge(`Objects are limited to ${MAX_OBJECT_BYTES} bytes.`);

    const contentType = c.req.header('Content-Type') ?? mediaTypeFor(key);
    // FixedLengthStream gives R2 the length up front and fails the write if the body disagrees.
    const body = length === 0 || !c.req.raw.body ? new Uint8Array() : c.req.raw.body.pipeThrough(new FixedLengthStream(length));
    const object = await c.env.MEDIA.put(key, body, { httpMetadata: { contentType } });
    // A rewritten object must not be shadowed by a stale edge copy of the same path.
    const publicUrl = new URL(c.req.url);
    publicUrl.pathname = `/media/${key}`;
    c.executionCtx.waitUntil(caches.default.delete(edgeCacheKey(publicUrl.href)));
    return c.json({ key, size: object.size, etag: object.etag }, 201);
  })
  .get('/hls/:hash/:path{.+}', async (c) => {
    const key = ladderKey(c.req.param('hash'), c.req.param('path'));
    const object = await c.env.MEDIA.get(key);
    if (!object) throw new NotFound(`Nothing is stored at ${key}.`, 'object_not_found');
    return new Response(object.body, {
      headers: {
        'Content-Type': object.httpMetadata?.contentType ?? mediaTypeFor(key),
        'Content-Length': String(object.size),
        ETag: object.httpEtag,
        'Cache-Control': 'no-store',
      },
    });
  });
