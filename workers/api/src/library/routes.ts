import { z } from 'zod';
import { uri } from '#core/protocol/uris.ts';
import { loadTrackSummaries } from '#core/catalog/views.ts';
import { BadRequest } from '#core/errors.ts';
import { TrackSummary } from '#core/protocol/catalog-views.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { page, PageOf, PagingQuery } from '../http/paging.ts';
import { jsonBody, jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { ContainsQuery, LibraryEntry, LibraryIds, LibraryListQuery, MAX_LIBRARY_IDS, RemovedFlag, SavedFlag } from './schemas.ts';
import { contains, list, parseRefs, remove, save } from './service.ts';

/** `/api/v1/me/library` (saved tracks, albums and artists) and `/api/v1/me/tracks` (saved tracks, newest first). */
export const libraryRoutes = routeGroup<AuthedEnv>('Library', authenticated())
  .route(
    {
      method: 'put',
      path: '/me/library',
      summary: 'Save tracks, albums or artists',
      request: jsonBody(LibraryIds),
      responses: { 200: jsonResponse(SavedFlag, 'Saved.') },
    },
    async (c) => {
      await save(c.env, c.var.user.id, parseRefs(c.req.valid('json').ids));
      return c.json({ saved: true });
    },
  )
  .route(
    {
      method: 'delete',
      path: '/me/library',
      summary: 'Remove saved items',
      request: jsonBody(LibraryIds),
      responses: { 200: jsonResponse(RemovedFlag, 'Removed.') },
    },
    async (c) => {
      await remove(c.env, c.var.user.id, parseRefs(c.req.valid('json').ids));
      return c.json({ removed: true });
    },
  )
  .route(
    {
      method: 'get',
      path: '/me/library',
      summary: 'Saved items of one kind',
      request: { query: LibraryListQuery },
      responses: { 200: jsonResponse(PageOf(LibraryEntry), 'A page of saved items.') },
    },
    async (c) => {
      const q = c.req.valid('query');
      const { rows, total } = await list(c.env, c.var.user.id, q.type, q);
      const items = rows.map((r) => ({ added_at: new Date(r.addedAt).toISOString(), id: r.itemId, uri: uri(r.kind, r.itemId) }));
      return c.json(page(c.req.url, items, total, q));
    },
  )
  .route(
    {
      method: 'get',
      path: '/me/library/contains',
      summary: 'Whether each id is saved',
      request: { query: ContainsQuery },
      responses: { 200: jsonResponse(z.array(z.boolean()), 'One boolean per id, in order.') },
    },
    async (c) => {
      const ids = c.req.valid('query').ids.split(',');
      if (ids.length > MAX_LIBRARY_IDS) throw new BadRequest(`At most ${MAX_LIBRARY_IDS} ids.`, 'too_many_ids');
      return c.json(await contains(c.env, c.var.user.id, parseRefs(ids)));
    },
  )
  .route(
    {
      method: 'get',
      path: '/me/tracks',
      summary: 'Saved tracks, newest first',
      request: { query: PagingQuery },
      responses: { 200: jsonResponse(PageOf(z.object({ added_at: z.string(), track: TrackSummary.nullable() })), 'A page of saved tracks.') },
    },
    async (c) => {
      const q = c.req.valid('query');
      const { rows, total } = await list(c.env, c.var.user.id, 'track', q);
      const tracks = await loadTrackSummaries(
        c.env,
        rows.map((r) => r.itemId),
      );
      const items = rows.map((r) => ({ added_at: new Date(r.addedAt).toISOString(), track: tracks.get(r.itemId) ?? null }));
      return c.json(page(c.req.url, items, total, q));
    },
  ).app;
