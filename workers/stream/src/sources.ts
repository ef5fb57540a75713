import { Hono } from 'hono';
import { NotFound, RangeNotSatisfiable } from '#core/errors.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { parseRange } from './byte-ranges.ts';
import { requireSignature, sourceLifetime, type SignedVariables } from './signature-guard.ts';

/**
 * Uploaded source files, for the transcoder: a short-lived signed URL streams the
 * R2 object (with single `Range` support, read from R2 directly, so large sources
 * never pass through memory). Never cached: sources are private and read once.
 */
export const sourceRoutes = new Hono<{ Bindings: Env; Variables: SignedVariables }>().get(
  '/:uploadId{[A-Za-z0-9_-]+}',
  requireSignature(sourceLifetime),
  async (c) => {
    const key = mediaKeys.source(c.req.param('uploadId'));
    const head = await c.env.MEDIA.head(key);
    if (!head) throw new NotFound('No such upload source.', 'source_not_found');

    const range = parseRange(c.req.header('Range'), head.size);
    if (range.kind === 'unsatisfiable') throw new RangeNotSatisfiable(head.size);
    const partial = range.kind === 'range' ? { offset: range.start, length: range.end - range.start + 1 } : undefined;
    // onlyIf pins the read to the object that was sized above.
    const object = await c.env.MEDIA.get(key, { range: partial, onlyIf: { etagMatches: head.etag } });
    if (!object || !('body' in object)) throw new NotFound('No such upload source.', 'source_not_found');

    const headers = new Headers({
      'Content-Type': head.httpMetadata?.contentType ?? 'application/octet-stream',
      ETag: head.httpEtag,
      'Accept-Ranges': 'bytes',
      'Cache-Control': 'private, no-store',
      'Content-Length': String(partial ? partial.length : head.size),
    });
    if (range.kind === 'range') headers.set('Content-Range', `bytes ${range.start}-${range.end}/${head.size}`);
    return new Response(object.body, { status: partial ? 206 : 200, headers });
  },
);
