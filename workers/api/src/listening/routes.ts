import { Hono } from 'hono';
import { validate } from '../../../../core/http/validation.ts';
import { requireAuth, type AuthedEnv } from '../auth/middleware.ts';
import { RecentlyPlayedQuery, recentlyPlayed } from './recently-played.ts';
import { enqueue, readReportBody, requestCountry, toListeningMessage } from './report.ts';

/**
 * Mounted at /api/v1/me/player beside the player controls, so it registers only
 * its own two paths (and attaches auth per route, not to the whole prefix).
 */
export const listeningRoutes = new Hono<AuthedEnv>()
  // Answers as soon as the report is on the queue: no database on this path.
  .post('/report', requireAuth, async (c) => {
    const raw = await readReportBody(c.req.raw);
    const message = toListeningMessage(raw, c.var.user.id, requestCountry(c.req.raw), Date.now());
    await enqueue(c.env.LISTENING_EVENTS, message);
    return c.json({ accepted: message.events.length }, 202);
  })
  .get('/recently-played', requireAuth, validate('query', RecentlyPlayedQuery), async (c) => {
    return c.json(await recentlyPlayed(c.env, c.var.user.id, c.req.valid('query'), new URL(c.req.url)));
  });
