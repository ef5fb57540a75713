import { AlbumSummary } from '#core/protocol/catalog-views.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { cachedJson } from '../http/edge-cache.ts';
import { errors } from '../http/error-responses.ts';
import { page, PageOf } from '../http/paging.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { ListedPlaylist } from '../playlists/schemas.ts';
import { featuredPage } from './featured-playlists.ts';
import { genreTracks, getGenre, listGenres } from './genres.ts';
import { NEW_RELEASES_CACHE_CONTROL, newReleases, newReleasesCacheKey, utcToday } from './new-releases.ts';
import { BrowsePagingQuery } from './paging.ts';
import { GenreList, GenreParam, GenreWithTracks } from './schemas.ts';

/** `/api/v1/browse/*`: new releases, genres and featured (editorial) playlists, merged across shards. */
export const browseRoutes = routeGroup<AuthedEnv>('Browse', authenticated())
  .route(
    {
      method: 'get',
      path: '/browse/new-releases',
      summary: 'Released albums, newest first',
      description:
        'Albums whose release date has come and that have a ready track, merged across catalog shards; newest release date first. Edge-cached for a minute.',
      request: { query: BrowsePagingQuery },
      responses: { 200: jsonResponse(PageOf(AlbumSummary), 'A page of albums.') },
    },
    async (c) => {
      const paging = c.req.valid('query');
      const today = utcToday();
      const { items, total } = await cachedJson(c.executionCtx, newReleasesCacheKey(paging, today), NEW_RELEASES_CACHE_CONTROL, () =>
        newReleases(c.env, paging, today),
      );
      return c.json(page(c.req.url, items, total, paging), 200, { 'cache-control': NEW_RELEASES_CACHE_CONTROL });
    },
  )
  .route(
    {
      method: 'get',
      path: '/browse/genres',
      summary: 'Genres with their ready-track counts',
      description: 'From the genres tracks carry; counts move with every import, upload and transcode. Most tracks first.',
      responses: { 200: jsonResponse(GenreList, 'The genres.') },
    },
    async (c) => c.json({ items: (await listGenres(c.env)).map(({ id, name, track_count }) => ({ id, name, track_count })) }),
  )
  .route(
    {
      method: 'get',
      path: '/browse/genres/{id}',
      summary: "A genre's most popular tracks",
      request: { params: GenreParam, query: BrowsePagingQuery },
      responses: { 200: jsonResponse(GenreWithTracks, 'The genre with a page of its tracks.'), ...errors(404) },
    },
    async (c) => {
      const paging = c.req.valid('query');
      const genre = await getGenre(c.env, c.req.valid('param').id);
      const tracks = await genreTracks(c.env, genre, paging);
      return c.json({ id: genre.id, name: genre.name, tracks: page(c.req.url, tracks, genre.track_count, paging) });
    },
  )
  .route(
    {
      method: 'get',
      path: '/browse/featured-playlists',
      summary: 'Editorial playlists',
      description: 'Public playlists an admin created or updated with `editorial: true`, most recently featured first.',
      request: { query: BrowsePagingQuery },
      responses: { 200: jsonResponse(PageOf(ListedPlaylist), 'A page of playlists.') },
    },
    async (c) => {
      const paging = c.req.valid('query');
      const { items, total } = await featuredPage(c.env, c.var.user.id, paging);
      return c.json(page(c.req.url, items, total, paging));
    },
  ).app;
