import { Hono } from 'hono';
import { getTrack } from './track-view.ts';

/** Public: no token needed to look a track up. */
export const trackRoutes = new Hono<{ Bindings: Env }>().get('/:id', async (c) => c.json(await getTrack(c.env, c.req.param('id'))));
