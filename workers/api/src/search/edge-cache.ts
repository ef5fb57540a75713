import type { Context } from 'hono';
import { BOOKMARK_HEADER } from '../catalog/read-sessions.ts';
import type { SearchOutcome } from './search-service.ts';

/**
 * Hot searches are answered from the edge cache (Cache API) for SEARCH_CACHE_TTL_SECONDS.
 * The key is the normalized query (its tokens), the sorted types, limit and offset,
 * so "Beatles!" and "beatles" share an entry. Nothing purges entries when the
 * catalog changes: a change becomes visible to cached queries within the TTL
 * (out-waited), and a client that carries an `x-d1-bookmark` (it has just written)
 * skips the cache and reads its own write. A partial answer (a shard left out,
 * shard-deadline.ts) is never stored: the next request asks every shard again.
 */
export const SEARCH_CACHE_TTL_SECONDS = 30;

/** The catalog part of a search answer: its JSON body and the headers that describe it. */
export interface CatalogAnswer {
  body: SearchOutcome['body'];
  headers: Record<string, string>;
  partial?: boolean;
}

export interface CachedAnswer extends CatalogAnswer {
  cache: 'hit' | 'miss' | 'bypass';
}

export function searchCacheKey(tokens: string[], types: string[], limit: number, offset: number): string {
  const params = new URLSearchParams({ q: tokens.join(' '), type: [...types].sort().join(','), limit: String(limit), offset: String(offset) });
  return `https://search-cache.encore.internal/v1/search?${params}`;
}

/** The answer for `key` from the edge cache, or computed and stored there (without the caller's bookmark). */
export async function withEdgeCache(c: Context, key: string, compute: () => Promise<CatalogAnswer>): Promise<CachedAnswer> {
  const cache = caches.default;
  const cacheKey = new Request(key);
  const bypass = c.req.header(BOOKMARK_HEADER) !== undefined;
  if (!bypass) {
    const hit = await cache.match(cacheKey);
    if (hit) {
      const headers = Object.fromEntries(hit.headers);
      delete headers['content-type'];
      delete headers['content-length'];
      return { body: await hit.json<SearchOutcome['body']>(), headers, cache: 'hit' };
    }
  }
  const answer = await compute();
  if (answer.partial) return { ...answer, headers: { ...answer.headers, 'cache-control': 'no-store' }, cache: bypass ? 'bypass' : 'miss' };
  const { [BOOKMARK_HEADER]: _bookmark, ...shared } = answer.headers;
  const stored = Response.json(answer.body, { headers: { ...shared, 'cache-control': `public, max-age=${SEARCH_CACHE_TTL_SECONDS}` } });
  c.executionCtx.waitUntil(cache.put(cacheKey, stored));
  return { ...answer, cache: bypass ? 'bypass' : 'miss' };
}
