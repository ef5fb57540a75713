import { z } from 'zod';
import { loadArtists } from '#core/catalog/reads.ts';
import { artistSummary } from '#core/catalog/views.ts';
import { ArtistSummary } from '#core/protocol/catalog-views.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { page, PageOf, PagingQuery } from '../http/paging.ts';
import { errors } from '../http/error-responses.ts';
import { jsonBody, jsonResponse, noContent } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { list } from '../library/service.ts';
import { ACTIVITY_MAX_FRIENDS, friendActivity } from './activity.ts';
import { readInbox } from './inbox.ts';
import { followArtists, unfollowArtists } from './artists.ts';
import { followedPeople, followPeople, MAX_FOLLOWED_PEOPLE, parseUserIds, unfollowPeople } from './people.ts';
import { FollowBody, FollowedPerson, FriendActivityBody, FollowingQuery, InboxEntry } from './schemas.ts';

const followHelp = `\`type:"user"\`: ids are user ids (or \`encore:user:{id}\`); an id that is not a user id is 422 \`invalid_id\`, one with no account 404 \`user_not_found\`, yourself 422 \`cannot_follow_self\`, and more than ${MAX_FOLLOWED_PEOPLE} people in all 422 \`too_many_follows\`; nothing is followed then. \`type:"artist"\`: the same as saving the artists to the library (\`PUT /me/library\`), 422 \`unknown_id\` for an artist not in the catalog.`;

/**
 * `/api/v1/me/following` (people, and artists = saved artists), `GET /api/v1/me/inbox`
 * (new releases of followed artists) and `GET /api/v1/me/friends/activity`.
 */
export const followRoutes = routeGroup<AuthedEnv>('Follow', authenticated())
  .route(
    {
      method: 'put',
      path: '/me/following',
      summary: 'Follow people or artists',
      description: followHelp,
      request: jsonBody(FollowBody),
      responses: { 204: noContent('Followed.'), ...errors(404) },
    },
    async (c) => {
      const { type, ids } = c.req.valid('json');
      if (type === 'user') await followPeople(c.env, c.var.user.id, parseUserIds(c.env, ids));
      else await followArtists(c.env, c.var.user.id, ids);
      return c.body(null, 204);
    },
  )
  .route(
    {
      method: 'delete',
      path: '/me/following',
      summary: 'Unfollow people or artists',
      description: 'The same body as `PUT`. Unfollowing someone not followed, or whose account is gone, changes nothing.',
      request: jsonBody(FollowBody),
      responses: { 204: noContent('Unfollowed.') },
    },
    async (c) => {
      const { type, ids } = c.req.valid('json');
      if (type === 'user') await unfollowPeople(c.env, c.var.user.id, parseUserIds(c.env, ids));
      else await unfollowArtists(c.env, c.var.user.id, ids);
      return c.body(null, 204);
    },
  )
  .route(
    {
      method: 'get',
      path: '/me/following',
      summary: 'Followed artists or people, most recently followed first',
      description: '`type=artist` (default): saving an artist to the library (`PUT /me/library`) follows it; removing it unfollows. `type=user`: people.',
      request: { query: FollowingQuery },
      responses: { 200: jsonResponse(PageOf(z.discriminatedUnion('type', [ArtistSummary, FollowedPerson])), 'A page of followed artists or people.') },
    },
    async (c) => {
      const q = c.req.valid('query');
      if (q.type === 'user') return c.json(page(c.req.url, ...(await followedPeople(c.env, c.var.user.id, q)), q));
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
  )
  .route(
    {
      method: 'get',
      path: '/me/friends/activity',
      summary: 'What followed people are playing, or last played',
      description: `For each of the ${ACTIVITY_MAX_FRIENDS} people the caller most recently followed: the track playing now in their Connect session (\`playing: true\`, \`timestamp\` now), else their last play (\`timestamp\` when it started, epoch ms); newest first. Someone in a private session (\`PUT /me/settings\`) is absent, and plays made in one never show. Not pushed: clients poll it while they show it (every 30 s is plenty); answers are never cached, so an unfollow or a private session shows on the next poll.`,
      responses: { 200: jsonResponse(FriendActivityBody, 'The activity.') },
    },
    async (c) => c.json({ items: await friendActivity(c.env, c.var.user.id) }, 200, { 'cache-control': 'private, no-store' }),
  ).app;
