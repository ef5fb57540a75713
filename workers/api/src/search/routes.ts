import { z } from 'zod';
import { AlbumSummary, ArtistSummary, CatalogTrack } from '#core/protocol/catalog-views.ts';
import { EpisodeSummary, ShowSummary } from '#core/protocol/podcast-views.ts';
import { shardCount } from '#core/shards.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { PageOf } from '../http/paging.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { ListedPlaylist } from '../playlists/schemas.ts';
import { BOOKMARK_HEADER, CatalogSessions, parseBookmarks } from '../catalog/read-sessions.ts';
import { searchCacheKey, withEdgeCache } from './edge-cache.ts';
import { searchPublicPlaylists } from './playlists.ts';
import { tokenize } from './query-text.ts';
import { searchQuery } from './schemas.ts';
import { search } from './search-service.ts';
import { shardDeadlineMs } from './shard-deadline.ts';

/**
 * GET /api/v1/search?q=&type=&limit=&offset=
 * The catalog part is edge-cached; public playlists are read fresh on every
 * request (an owner may make one private at any moment) and added to the body.
 */
const SearchResults = z.object({
  tracks: PageOf(CatalogTrack).optional(),
  artists: PageOf(ArtistSummary).optional(),
  albums: PageOf(AlbumSummary).optional(),
  playlists: PageOf(ListedPlaylist).optional(),
  shows: PageOf(ShowSummary).optional(),
  episodes: PageOf(EpisodeSummary).optional(),
});

export const searchRoutes = routeGroup<AuthedEnv>('Search', authenticated()).route(
  {
    method: 'get',
    path: '/search',
    summary: 'Search tracks, artists, albums, public playlists, podcast shows and episodes',
    description:
      'One page per requested type. X-Search-Corrected names the spelling used when the query as typed found nothing. ' +
      'X-Search-Partial: 1 says a catalog shard failed or was too slow and the pages hold what the others found (such an answer is not cached); ' +
      '503 with Retry-After when no shard answered.',
    request: { query: searchQuery },
    responses: { 200: jsonResponse(SearchResults, 'A page for each requested type.'), ...errors(503) },
  },
  async (c) => {
    const req = c.req.valid('query');
    const tokens = tokenize(req.q);
    const request = { q: req.q, types: req.type.filter((t) => t !== 'playlist'), limit: req.limit, offset: req.offset };
    const catalogPart = () =>
      withEdgeCache(c, searchCacheKey(tokens, request.types, request.limit, request.offset), async () => {
        const reads = new CatalogSessions(c.env, parseBookmarks(c.req.header(BOOKMARK_HEADER), shardCount(c.env, 'CATALOG')), 'replica');
        const { body, corrected, partial } = await search(reads, request, c.req.url, shardDeadlineMs(c.env));
        const headers = { ...reads.header(), ...(corrected ? { 'x-search-corrected': corrected } : {}), ...(partial ? { 'x-search-partial': '1' } : {}) };
        return { body, headers, partial };
      });
    const [catalog, playlists] = await Promise.all([
      request.types.length > 0 ? catalogPart() : null,
      req.type.includes('playlist') ? searchPublicPlaylists(c.env, tokens, req, c.req.url) : null,
    ]);
    if (!catalog) return c.json({ playlists });
    const headers: Record<string, string> = { ...catalog.headers, 'x-cache': catalog.cache };
    if (!playlists) return c.json(catalog.body, 200, headers);
    // The merged body is computed per request: it must not be cached as the catalog part is.
    delete headers['cache-control'];
    return c.json({ ...catalog.body, playlists }, 200, headers);
  },
).app;
