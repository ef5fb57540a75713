import { z } from 'zod';
import { listeningQueueFor } from '#core/listening-queues.ts';
import { ReportBody } from '#core/protocol/listening.ts';
import { TrackSummary } from '#core/protocol/catalog-views.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { requestCountry } from '../http/request-country.ts';
import { documentedOnly, jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { RecentlyPlayedQuery, recentlyPlayed } from './recently-played.ts';
import { enqueue, readReportBody, toListeningMessage } from './report.ts';

const RecentlyPlayedPage = z.object({
  href: z.string(),
  items: z.array(
    z.object({
      track: TrackSummary,
      played_at: z.string(),
      /** What the play was played from, when the report said (`context_uri`). */
      context: z.object({ type: z.enum(['album', 'artist', 'playlist']), uri: z.string() }).nullable(),
    }),
  ),
  limit: z.number().int(),
  next: z.string().nullable(),
  cursors: z.object({ after: z.string(), before: z.string() }).nullable(),
});

/** `/api/v1/me/player/report` and `/recently-played`: plays reported and read back. */
export const listeningRoutes = routeGroup<AuthedEnv>('Listening', authenticated())
  // Answers as soon as the report is on the queue: no database on this path.
  .route(
    {
      method: 'post',
      path: '/me/player/report',
      summary: 'Report plays',
      description:
        "Each event is a play of a track (`track_id`) or of a podcast episode (`episode_id`), exactly one of them. An episode play moves the caller's resume point in it (as `PUT /me/episodes/{id}/progress` does) to `position_ms`, where the play stopped, or without it to `ms_played` (a play from the start); `completed`, or a place in the last 30 s, marks it `fully_played`. A play only moves a point saved before the play ended, so a replayed or late event never moves it back. Episode plays are not streams and not history. The body is read and size-capped by the handler itself (report_too_large), so the schema documents it without an up-front validator.",
      request: { body: { required: true, content: { 'application/json': { schema: documentedOnly(ReportBody) } } } },
      responses: { 202: jsonResponse(z.object({ accepted: z.number().int() }), 'On the queue.'), ...errors(503) },
    },
    async (c) => {
      const raw = await readReportBody(c);
      const message = toListeningMessage(raw, c.var.user.id, requestCountry(c.req.raw), Date.now());
      await enqueue(listeningQueueFor<Queue>(c.env, message.user_id), message);
      return c.json({ accepted: message.events.length }, 202);
    },
  )
  .route(
    {
      method: 'get',
      path: '/me/player/recently-played',
      summary: 'Plays, newest first, by cursor',
      request: { query: RecentlyPlayedQuery },
      responses: { 200: jsonResponse(RecentlyPlayedPage, 'A page of plays.') },
    },
    async (c) => c.json(await recentlyPlayed(c.env, c.var.user.id, c.req.valid('query'), new URL(c.req.url))),
  ).app;
