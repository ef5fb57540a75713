import { z } from 'zod';
import { loadArtists } from '#core/catalog/reads.ts';
import { artistSummary } from '#core/catalog/views.ts';
import { AlbumSummary, ArtistSummary } from '#core/protocol/catalog-views.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { page, PageOf, PagingQuery } from '../http/paging.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { list } from '../library/service.ts';
import { readInbox } from './inbox.ts';

const FollowingQuery = PagingQuery.extend({ type: z.literal('artist').default('artist') });
const InboxEntry = z.object({ type: z.literal('release'), album: AlbumSummary, released_at: z.string() });

/** `GET /api/v1/me/following?type=artist` (followed = saved artists, newest first) and `GET /api/v1/me/inbox` (their new releases). */
export const followRoutes = routeGroup<AuthedEnv>('Follow', authenticated())
  .route(
    {
      method: 'get',
      path: '/me/following',
      summary: 'Followed artists, most recently followed first',
      description: 'Saving an artist to the library (`PUT /me/library`) follows it; removing it unfollows.',
      request: { query: FollowingQuery },
      responses: { 200: jsonResponse(PageOf(ArtistSummary), 'A page of followed artists.') },
    },
    async (c) => {
      const q = c.req.valid('query');
      const { rows, total } = await list(c.env, c.var.user.id, 'artist', q);
      const artists = await loadArtists(
        c.env,
        rows.map((r) => r.itemId),
      );
      const items = rows.flatMap((r) => {
        const artist = artists.get(r.itemId);
        return artist ? [artistSummary(artist)] : [];
      });
      return c.json(page(c.req.url, items, total, q));
    },
  )
  .route(
    {
      method: 'get',
      path: '/me/inbox',
      summary: 'New releases of followed artists, newest first',
      description:
        'An album arrives when it is released (its first track is ready, or it is imported with a release date not in the future, or that date comes) by an artist the caller follows.',
      request: { query: PagingQuery },
      responses: { 200: jsonResponse(PageOf(InboxEntry), 'A page of releases.') },
    },
    async (c) => {
      const q = c.req.valid('query');
      const { items, total } = await readInbox(c.env, c.var.user.id, q);
      return c.json(page(c.req.url, items, total, q));
    },
  ).app;
