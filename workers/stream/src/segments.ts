import { Hono } from 'hono';
import { NotFound } from '#core/errors.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { cachedImmutableObject } from './edge-cache.ts';
import { mediaTypeFor } from './media-types.ts';
import { encryptSegment, licenseOf, segmentName } from './offline-encryption.ts';
import { rangedResponse } from './ranged-response.ts';
import { playbackLifetime, requireSignature, type SignedVariables } from './signature-guard.ts';
import { requireRenditionInTier } from './tier-limit.ts';

/** What an offline segment's response may be reused for: one listener's browser, until its signature expires. */
const offlineCacheControl = (signedUntil: number): string => `private, max-age=${Math.max(0, signedUntil - Math.floor(Date.now() / 1000))}`;

/**
 * `init.mp4` and media segments. Served from the edge cache keyed by path (the
 * signature is checked first, then ignored for caching); on a miss the R2 object
 * streams to the client and into the cache at once. Under an `offline`
 * signature a media segment is encrypted for its licensee on the way out
 * (offline-encryption.ts); the cached copy stays the plaintext.
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
    // The init segment holds the codec configuration and no audio: it stays plain (see offline-encryption.ts).
    if (c.var.signedScope !== 'offline' || file.endsWith('.mp4')) return rangedResponse(c.req.raw, full);
    const encrypted = await encryptSegment(c.env.OFFLINE_KEY_SECRET, licenseOf(c.var.signedLicense), segmentName(rendition, file), await full.arrayBuffer());
    const headers = new Headers({
      'Content-Type': mediaTypeFor(file),
      'Content-Length': String(encrypted.byteLength),
      'Cache-Control': offlineCacheControl(c.var.signedUntil),
    });
    return rangedResponse(c.req.raw, new Response(encrypted, { headers }));
  },
);
