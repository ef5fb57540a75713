import { Hono } from 'hono';
import { z } from 'zod';
import { BadRequest } from '../../../../core/errors.ts';
import { validate } from '../../../../core/http/validation.ts';
import { shardCount } from '../../../../core/shards.ts';
import { requireAuth, requireRole, type AuthedEnv } from '../auth/middleware.ts';
import { getAlbum, getArtist, listAlbumTracks, listArtistAlbums } from './browse.ts';
import { CatalogImport } from './import/import-catalog.ts';
import { page, PagingQuery } from '../http/paging.ts';
import { BOOKMARK_HEADER, CatalogSessions, parseBookmarks } from './read-sessions.ts';

const idParam = z.object({ id: z.string().min(1).max(64) });

const readSessions = (c: { env: Env; req: { header(name: string): string | undefined } }) =>
  new CatalogSessions(c.env, parseBookmarks(c.req.header(BOOKMARK_HEADER), shardCount(c.env, 'CATALOG')), 'replica');

/** POST /api/v1/catalog/import — a label's NDJSON catalog, streamed line by line (admin only). */
export const catalogImportRoutes = new Hono<AuthedEnv>().post('/import', requireAuth, requireRole('admin'), async (c) => {
  const body = c.req.raw.body;
  if (!body) throw new BadRequest('The body must be NDJSON: one artist, album or track record a line.', 'empty_body');
  const writes = new CatalogSessions(c.env, new Map(), 'primary');
  const outcome = await new CatalogImport(writes.sessions).run(body);
  return c.json(outcome, 200, writes.header());
});

/** GET /api/v1/artists/{id} and /artists/{id}/albums (another sub-app adds /artists/{id}/royalties). */
export const artistRoutes = new Hono<AuthedEnv>()
  .get('/:id', requireAuth, validate('param', idParam), async (c) => {
    const reads = readSessions(c);
    return c.json(await getArtist(c.env, reads, c.req.valid('param').id), 200, reads.header());
  })
  .get('/:id/albums', requireAuth, validate('param', idParam), validate('query', PagingQuery), async (c) => {
    const reads = readSessions(c);
    const { limit, offset } = c.req.valid('query');
    const { items, total } = await listArtistAlbums(c.env, reads, c.req.valid('param').id, limit, offset);
    return c.json(page(c.req.url, items, total, { limit, offset }), 200, reads.header());
  });

/** GET /api/v1/albums/{id} (with its first 50 tracks, as Spotify does) and /albums/{id}/tracks. */
export const albumRoutes = new Hono<AuthedEnv>()
  .get('/:id', requireAuth, validate('param', idParam), async (c) => {
    const reads = readSessions(c);
    const id = c.req.valid('param').id;
    const [album, tracks] = await Promise.all([getAlbum(c.env, reads, id), listAlbumTracks(c.env, reads, id, 50, 0)]);
    const tracksUrl = new URL(c.req.url);
    tracksUrl.pathname += '/tracks';
    return c.json({ ...album, tracks: page(tracksUrl.toString(), tracks.items, tracks.total, { limit: 50, offset: 0 }) }, 200, reads.header());
  })
  .get('/:id/tracks', requireAuth, validate('param', idParam), validate('query', PagingQuery), async (c) => {
    const reads = readSessions(c);
    const { limit, offset } = c.req.valid('query');
    const { items, total } = await listAlbumTracks(c.env, reads, c.req.valid('param').id, limit, offset);
    return c.json(page(c.req.url, items, total, { limit, offset }), 200, reads.header());
  });
