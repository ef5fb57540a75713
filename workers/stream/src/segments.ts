import { Hono } from 'hono';
import { NotFound } from '#core/errors.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { cachedImmutableObject } from './edge-cache.ts';
import { mediaTypeFor } from './media-types.ts';
import { rangedResponse } from './ranged-response.ts';
import { playbackLifetime, requireSignature, type SignedVariables } from './signature-guard.ts';
import { requireRenditionInTier } from './tier-limit.ts';

/**
 * `init.mp4` and media segments. Served from the edge cache keyed by path (the
 * signature is checked first, then ignored for caching); on a miss the R2 object
 * streams to the client and into the cache at once.
 */
export const segmentRoutes = new Hono<{ Bindings: Env; Variables: SignedVariables }>().get(
  '/:hash/:rendition/:file{[A-Za-z0-9_-]+\\.(?:mp4|m4s|m4a|aac|ts)}',
  requireSignature(playbackLifetime),
  requireRenditionInTier,
  async (c) => {
    const { hash, rendition, file } = c.req.param();
    const full = await cachedImmutableObject(c.executionCtx, c.env.MEDIA, c.req.url, mediaKeys.inLadder(hash, `${rendition}/${file}`), {
      'Content-Type': mediaTypeFor(file),
      'Accept-Ranges': 'bytes',
    });
    if (!full) throw new NotFound('No such segment.', 'segment_not_found');
    return rangedResponse(c.req.raw, full);
  },
);
