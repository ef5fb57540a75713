import { Hono } from 'hono';
import { IMAGE_CONTENT_TYPE, imageKey, isImageHash, isImageSize } from '#core/artwork/images.ts';
import { NotFound } from '#core/errors.ts';
import { edgeCacheKey, IMMUTABLE } from './edge-cache.ts';
import { rangedResponse } from './ranged-response.ts';

const notFound = () => new NotFound('No such image.', 'image_not_found');

/**
 * Artwork squares, `/media/images/{sha256}/{size}.webp` (core/artwork/images.ts):
 * public and unsigned, since covers are shown to anyone. Served from the edge
 * cache; on a miss the R2 object streams to the client and into the cache at once.
 */
export const imageRoutes = new Hono<{ Bindings: Env }>().get('/:hash/:file{[0-9]+\\.webp}', async (c) => {
  const { hash, file } = c.req.param();
  const size = Number(file.slice(0, -'.webp'.length));
  if (!isImageHash(hash) || !isImageSize(size)) throw notFound();
  const cacheKey = edgeCacheKey(c.req.url);
  let full = await caches.default.match(cacheKey);
  if (!full) {
    const object = await c.env.MEDIA.get(imageKey(hash, size));
    if (!object) throw notFound();
    full = new Response(object.body, {
      headers: {
        'Content-Type': IMAGE_CONTENT_TYPE,
        'Content-Length': String(object.size),
        ETag: object.httpEtag,
        'Cache-Control': IMMUTABLE,
        'Access-Control-Allow-Origin': '*',
      },
    });
    c.executionCtx.waitUntil(caches.default.put(cacheKey, full.clone()));
  }
  return rangedResponse(c.req.raw, full);
});
