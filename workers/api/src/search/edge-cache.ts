import type { Context } from 'hono';
import { BOOKMARK_HEADER } from '../catalog/read-sessions.ts';

/**
 * Hot searches are answered from the edge cache (Cache API) for SEARCH_CACHE_TTL_SECONDS.
 * The key is the normalized query (its tokens), the sorted types, limit and offset,
 * so "Beatles!" and "beatles" share an entry. Nothing purges entries when the
 * catalog changes: a change becomes visible to cached queries within the TTL
 * (out-waited), and a client that carries an `x-d1-bookmark` (it has just written)
 * skips the cache and reads its own write.
 */
export const SEARCH_CACHE_TTL_SECONDS = 30;

export function searchCacheKey(tokens: string[], types: string[], limit: number, offset: number): string {
  const params = new URLSearchParams({ q: tokens.join(' '), type: [...types].sort().join(','), limit: String(limit), offset: String(offset) });
  return `https://search-cache.encore.internal/v1/search?${params}`;
}

export async function withEdgeCache(c: Context, key: string, compute: () => Promise<Response>): Promise<Response> {
  const cache = caches.default;
  const cacheKey = new Request(key);
  const bypass = c.req.header(BOOKMARK_HEADER) !== undefined;
  if (!bypass) {
    const hit = await cache.match(cacheKey);
    if (hit) {
      const res = new Response(hit.body, hit);
      res.headers.set('x-cache', 'hit');
      return res;
    }
  }
  const res = await compute();
  if (res.status === 200) {
    const headers = new Headers(res.headers);
    headers.delete(BOOKMARK_HEADER);
    headers.set('cache-control', `public, max-age=${SEARCH_CACHE_TTL_SECONDS}`);
    c.executionCtx.waitUntil(cache.put(cacheKey, new Response(await res.clone().arrayBuffer(), { status: 200, headers })));
  }
  res.headers.set('x-cache', bypass ? 'bypass' : 'miss');
  return res;
}
