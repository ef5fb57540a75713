import { EpisodeView, ListedEpisode, ResumePoint, ShowSummary } from '#core/protocol/podcast-views.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { requestSessions } from '../catalog/read-sessions.ts';
import { errors } from '../http/error-responses.ts';
import { page, PageOf, PagingQuery } from '../http/paging.ts';
import { jsonBody, jsonResponse } from '../http/responses.ts';
import { previewRedirect, previewRedirectDescription, PreviewRedirectResponse } from '../http/preview-redirect.ts';
import { authenticated, publicAccess, routeGroup } from '../http/route-group.ts';
import { episodePreviewHash, getEpisode } from './episodes.ts';
import { resumePointOf, resumePointsOf, saveProgress } from './progress.ts';
import { importFeed } from './import-feed.ts';
import { CreatedShow, CreateShowBody, FeedImportResponse, ImportFeedBody, PodcastIdParam, ProgressBody } from './schemas.ts';
import { createShow, getShow, listShowEpisodes } from './shows.ts';

const sessions = requestSessions;

/** `POST /api/v1/shows`: an artist publishes a show on their own catalog shard. */
export const showPublishingRoutes = routeGroup<AuthedEnv>('Podcasts', authenticated('artist')).route(
  {
    method: 'post',
    path: '/shows',
    summary: 'Publish a show',
    description: 'Episodes arrive through `POST /uploads` with `kind: "episode"` and the show\'s id.',
    request: jsonBody(CreateShowBody),
    responses: { 201: jsonResponse(CreatedShow, 'The new show.'), ...errors(403) },
  },
  async (c) => {
    const writes = sessions(c, 'primary');
    return c.json(await createShow(c.env, writes, c.var.user, c.req.valid('json')), 201, writes.header());
  },
).app;

/** `POST /api/v1/shows/import`: an admin imports an RSS feed as a show of their artist profile (import-feed.ts). */
export const showImportRoutes = routeGroup<AuthedEnv>('Podcasts', authenticated('admin')).route(
  {
    method: 'post',
    path: '/shows/import',
    summary: 'Import an RSS podcast feed',
    description:
      "Fetches an RSS 2.0 feed (iTunes namespace) and makes each new item's enclosure an episode through the upload pipeline. The show is published under the admin's own artist profile (403 `artist_profile_required` without one) and made on the feed's first import (201); importing again (200) adds only items whose `guid` (else enclosure URL) is new. Each item is reported: `imported` with its `episode_id`, `skipped` (known already, or no enclosure) or `failed` with an `error` (unreachable, not audio, too large), and a failed item leaves nothing behind. Feeds and enclosures are fetched over http(s) from public addresses only, with at most 5 redirects, within 10 s and 5 MB for the feed and 5 minutes and the upload limit for an enclosure. 422 `not_a_feed` when the document is not RSS, `feed_unreachable` when it cannot be fetched; 413 `feed_too_large`.",
    request: jsonBody(ImportFeedBody),
    responses: {
      200: jsonResponse(FeedImportResponse, 'The feed was imported before; new items were added.'),
      201: jsonResponse(FeedImportResponse, 'The show was made from the feed.'),
      ...errors(403, 413, 422),
    },
  },
  async (c) => {
    const result = await importFeed(c.env, c.var.user, c.req.valid('json').feed_url, c.var.requestId);
    return result.created ? c.json(result, 201) : c.json(result, 200);
  },
).app;

/** `GET /api/v1/shows/{id}`, `/shows/{id}/episodes` (newest first) and `/episodes/{id}`. */
export const podcastRoutes = routeGroup<AuthedEnv>('Podcasts', authenticated())
  .route(
    {
      method: 'get',
      path: '/shows/{id}',
      summary: 'A show',
      request: { params: PodcastIdParam },
      responses: { 200: jsonResponse(ShowSummary, 'The show.'), ...errors(404) },
    },
    async (c) => {
      const reads = sessions(c, 'replica');
      return c.json(await getShow(c.env, reads, c.req.valid('param').id), 200, reads.header());
    },
  )
  .route(
    {
      method: 'get',
      path: '/shows/{id}/episodes',
      summary: "A show's episodes, newest first, with the caller's resume points",
      request: { params: PodcastIdParam, query: PagingQuery },
      responses: { 200: jsonResponse(PageOf(ListedEpisode), 'A page of episodes that are ready to play.'), ...errors(404) },
    },
    async (c) => {
      const reads = sessions(c, 'replica');
      const { limit, offset } = c.req.valid('query');
      const { items, total } = await listShowEpisodes(c.env, reads, c.req.valid('param').id, limit, offset);
      const points = await resumePointsOf(
        c.env,
        c.var.user.id,
        items.map((e) => e.id),
      );
      const listed = items.map((e) => ({ ...e, resume_point: points.get(e.id)! }));
      return c.json(page(c.req.url, listed, total, { limit, offset }), 200, reads.header());
    },
  )
  .route(
    {
      method: 'get',
      path: '/episodes/{id}',
      summary: "An episode, with a signed stream and the caller's resume point",
      request: { params: PodcastIdParam },
      responses: { 200: jsonResponse(EpisodeView, 'The episode.'), ...errors(404) },
    },
    async (c) => {
      const reads = sessions(c, 'replica');
      const id = c.req.valid('param').id;
      const view = await getEpisode(c.env, reads, id, () => resumePointOf(c.env, c.var.user.id, id));
      return c.json(view, 200, reads.header());
    },
  )
  .route(
    {
      method: 'put',
      path: '/me/episodes/{id}/progress',
      summary: 'Save where the caller is in an episode',
      description:
        'One resume point per listener and episode, shared by all their devices (the last save wins). `fully_played` becomes true once a save reaches the last 30 s (or the last tenth of a short episode) and stays true.',
      request: { params: PodcastIdParam, ...jsonBody(ProgressBody) },
      responses: { 200: jsonResponse(ResumePoint, 'The saved resume point.'), ...errors(404, 409) },
    },
    async (c) => c.json(await saveProgress(c.env, c.var.user.id, c.req.valid('param').id, c.req.valid('json').position_ms)),
  ).app;

/** `GET /api/v1/episodes/{id}/preview`: public, as a track's is, so share pages can play it. */
export const episodePreviewRoutes = routeGroup('Podcasts', publicAccess).route(
  {
    method: 'get',
    path: '/episodes/{id}/preview',
    summary: "The episode's 30-second preview: a redirect to a signed HLS master of its first 30 s",
    description: previewRedirectDescription('episode'),
    request: { params: PodcastIdParam },
    responses: { ...PreviewRedirectResponse, ...errors(404) },
  },
  async (c) => previewRedirect(c.env, await episodePreviewHash(c.env, c.req.valid('param').id)),
).app;
