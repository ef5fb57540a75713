/**
 * The Cache API key for a media path: origin and path only, so the per-client
 * `exp`/`kid`/`sig` query never fragments the cache.
 */
export function edgeCacheKey(requestUrl: string): Request {
  const url = new URL(requestUrl);
  return new Request(`${url.origin}${url.pathname}`, { method: 'GET' });
}
