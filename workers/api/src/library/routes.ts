import { Hono } from 'hono';
import { validate } from '../../../../core/http/validation.ts';
import { requireAuth, type AuthedEnv } from '../auth/middleware.ts';
import { page, PagingQuery } from '../http/paging.ts';
import { ContainsQuery, LibraryIds, LibraryListQuery, MAX_LIBRARY_IDS } from './schemas.ts';
import { contains, list, parseRefs, remove, save } from './service.ts';
import { trackSummaries } from './track-summaries.ts';
import { BadRequest } from '../../../../core/errors.ts';

/** `/api/v1/me/library`: saved tracks, albums and artists. */
export const libraryRoutes = new Hono<AuthedEnv>()
  .use(requireAuth)
  .put('/', validate('json', LibraryIds), async (c) => {
    await save(c.env, c.var.user.id, parseRefs(c.req.valid('json').ids));
    return c.json({ saved: true });
  })
  .delete('/', validate('json', LibraryIds), async (c) => {
    await remove(c.env, c.var.user.id, parseRefs(c.req.valid('json').ids));
    return c.json({ removed: true });
  })
  .get('/', validate('query', LibraryListQuery), async (c) => {
    const q = c.req.valid('query');
    const { rows, total } = await list(c.env, c.var.user.id, q.type, q);
    const items = rows.map((r) => ({ added_at: new Date(r.addedAt).toISOString(), id: r.itemId, uri: `encore:${r.kind}:${r.itemId}` }));
    return c.json(page(c.req.url, items, total, q));
  })
  .get('/contains', validate('query', ContainsQuery), async (c) => {
    const ids = c.req.valid('query').ids.split(',');
    if (ids.length > MAX_LIBRARY_IDS) throw new BadRequest(`At most ${MAX_LIBRARY_IDS} ids.`, 'too_many_ids');
    return c.json(await contains(c.env, c.var.user.id, parseRefs(ids)));
  });

/** `GET /api/v1/me/tracks`: saved tracks, newest first. */
export const savedTrackRoutes = new Hono<AuthedEnv>().use(requireAuth).get('/', validate('query', PagingQuery), async (c) => {
  const q = c.req.valid('query');
  const { rows, total } = await list(c.env, c.var.user.id, 'track', q);
  const tracks = await trackSummaries(c.env, rows.map((r) => r.itemId));
  const items = rows.map((r) => ({ added_at: new Date(r.addedAt).toISOString(), track: tracks.get(r.itemId) ?? null }));
  return c.json(page(c.req.url, items, total, q));
});
