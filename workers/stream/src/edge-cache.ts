/**
 * The Cache API key for a media path: origin and path only, so the per-client
 * `exp`/`kid`/`sig` query never fragments the cache.
 */
export function edgeCacheKey(requestUrl: string): Request {
  const url = new URL(requestUrl);
  return new Request(`${url.origin}${url.pathname}`, { method: 'GET' });
}

/** For objects named by a content hash (ladder segments, artwork): a URL's bytes never change. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * An immutable R2 object by way of the edge cache: a hit answers from the cache; a
 * miss streams the object to the client and into the cache at once. Null when R2
 * has no such object. `headers` are the object's own (type, CORS, ranges).
 */
export async function cachedImmutableObject(
  ctx: Pick<ExecutionContext, 'waitUntil'>,
  media: R2Bucket,
  requestUrl: string,
  key: string,
  headers: Record<string, string>,
): Promise<Response | null> {
  const cacheKey = edgeCacheKey(requestUrl);
  const cached = await caches.default.match(cacheKey);
  if (cached) return cached;
  const object = await media.get(key);
  if (!object) return null;
  const full = new Response(object.body, {
    headers: { ...headers, 'Content-Length': String(object.size), ETag: object.httpEtag, 'Cache-Control': IMMUTABLE },
  });
  ctx.waitUntil(caches.default.put(cacheKey, full.clone()));
  return full;
}
