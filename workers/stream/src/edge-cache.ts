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
