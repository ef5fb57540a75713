import { Hono } from 'hono';
import { validate } from '../../../../core/http/validation.ts';
import { shardCount } from '../../../../core/shards.ts';
import { requireAuth, type AuthedEnv } from '../auth/middleware.ts';
import { BOOKMARK_HEADER, CatalogSessions, parseBookmarks } from '../catalog/read-sessions.ts';
import { searchCacheKey, withEdgeCache } from './edge-cache.ts';
import { tokenize } from './query-text.ts';
import { searchQuery } from './schemas.ts';
import { search } from './search-service.ts';

/** GET /api/v1/search?q=&type=&limit=&offset= */
export const searchRoutes = new Hono<AuthedEnv>().get('/', requireAuth, validate('query', searchQuery), async (c) => {
  const req = c.req.valid('query');
  const request = { q: req.q, types: req.type, limit: req.limit, offset: req.offset };
  const key = searchCacheKey(tokenize(request.q), request.types, request.limit, request.offset);
  return withEdgeCache(c, key, async () => {
    const reads = new CatalogSessions(c.env, parseBookmarks(c.req.header(BOOKMARK_HEADER), shardCount(c.env, 'CATALOG')), 'replica');
    const { body, corrected } = await search(c.env, reads, request, c.req.url);
    return c.json(body, 200, { ...reads.header(), ...(corrected ? { 'x-search-corrected': corrected } : {}) });
  });
});
