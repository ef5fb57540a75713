import { Hono } from 'hono';
import { IMAGE_CONTENT_TYPE, imageKey, isImageHash, isImageSize } from '#core/artwork/images.ts';
import { NotFound } from '#core/errors.ts';
import { cachedImmutableObject } from './edge-cache.ts';
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
  const full = await cachedImmutableObject(c.executionCtx, c.env.MEDIA, c.req.url, imageKey(hash, size), {
    'Content-Type': IMAGE_CONTENT_TYPE,
    'Access-Control-Allow-Origin': '*',
  });
  if (!full) throw notFound();
  return rangedResponse(c.req.raw, full);
});
