import { Hono } from 'hono';
import { createMiddleware } from 'hono/factory';
import { BadRequest, NotFound, PayloadTooLarge, Unauthorized, Unprocessable } from '#core/errors.ts';
import { verifyIngestToken } from '#core/ingest-token.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { edgeCacheKey } from './edge-cache.ts';
import { mediaTypeFor } from './media-types.ts';

/** Far above any playlist, segment or meta.json the transcoder writes. */
const MAX_OBJECT_BYTES = 256 * 1024 * 1024;

const JOB_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Ingest exists only on INGEST_HOST, the virtual host the transcoder alone
 * reaches (its Container's outbound handler in production, the dev ingest
 * gateway locally). Anything else that arrives here, such as a path the public
 * origin let through, is told there is no such route.
 */
const requireIngestHost = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const url = new URL(c.req.url);
  if (!c.env.INGEST_HOST || url.hostname !== c.env.INGEST_HOST) throw new NotFound(`No route for ${c.req.method} ${url.pathname}.`, 'route_not_found');
  await next();
});

const tokenRefusals = {
  malformed: 'This ingest token is not valid for this job.',
  bad_signature: 'This ingest token is not valid for this job.',
  expired: 'This ingest token has expired; the job must be retried with a fresh one.',
  too_long: 'This ingest token expires later than any token Encore issues.',
} as const;

/** The bearer must be the per-job token the queue consumer minted for the job this path names. */
const requireJobToken = createMiddleware<{ Bindings: Env }>(async (c, next) => {
  const jobId = c.req.param('jobId') ?? '';
  const token = /^Bearer (\S+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
  if (!token) throw new Unauthorized("The ingest path takes the job's ingest token as a bearer token.", 'ingest_token_missing');
  const check = JOB_ID.test(jobId) ? await verifyIngestToken(c.env.INGEST_SECRET, jobId, token) : ({ ok: false, reason: 'malformed' } as const);
  if (!check.ok) throw new Unauthorized(tokenRefusals[check.reason], check.reason === 'expired' ? 'ingest_token_expired' : 'ingest_token_invalid');
  await next();
});

/** The R2 key for `hls/{hash}/{path}`, refusing anything that could leave the ladder. */
function ladderKey(hash: string, path: string): string {
  if (!/^[0-9a-f]{64}$/.test(hash)) throw new Unprocessable('The content hash must be 64 lowercase hex characters.', 'invalid_content_hash');
  const segments = path.split('/');
  const valid = /^[A-Za-z0-9_./-]+$/.test(path) && segments.every((s) => s !== '' && s !== '.' && s !== '..');
  if (!valid)
    throw new Unprocessable('The path may hold only letters, digits, "_", "-", "." and "/" separators, without "." or ".." segments.', 'invalid_path');
  return mediaKeys.inLadder(hash, path);
}

/**
 * Where the transcoder writes a ladder: `/media/ingest/jobs/{job_id}/hls/{hash}/{path}`
 * on INGEST_HOST, bearer the job's ingest token. Bodies stream straight into R2
 * and must declare their length; GET/HEAD read an object back (the transcoder
 * looks for `meta.json` to skip work already done).
 */
export const ingestRoutes = new Hono<{ Bindings: Env }>()
  .use('*', requireIngestHost)
  .use('/jobs/:jobId/*', requireJobToken)
  .put('/jobs/:jobId/hls/:hash/:path{.+}', async (c) => {
    const key = ladderKey(c.req.param('hash'), c.req.param('path'));
    const declared = c.req.header('Content-Length');
    if (!declared || !/^\d+$/.test(declared)) throw new BadRequest('A Content-Length header is required.', 'content_length_required');
    const length = Number(declared);
    if (length > MAX_OBJECT_BYTES) throw new PayloadTooLarge(`Objects are limited to ${MAX_OBJECT_BYTES} bytes.`);

    const contentType = c.req.header('Content-Type') ?? mediaTypeFor(key);
    // FixedLengthStream gives R2 the length up front and fails the write if the body disagrees.
    const body = length === 0 || !c.req.raw.body ? new Uint8Array() : c.req.raw.body.pipeThrough(new FixedLengthStream(length));
    const object = await c.env.MEDIA.put(key, body, { httpMetadata: { contentType } });
    // A rewritten object must not be shadowed by a stale edge copy of the same
    // path; playback caches under the public origin, which this request is not on.
    const publicUrl = new URL(`/media/${key}`, c.env.MEDIA_ORIGIN);
    c.executionCtx.waitUntil(caches.default.delete(edgeCacheKey(publicUrl.href)));
    return c.json({ key, size: object.size, etag: object.etag }, 201);
  })
  .get('/jobs/:jobId/hls/:hash/:path{.+}', async (c) => {
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
