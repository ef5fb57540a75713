import { z } from 'zod';
import { BadRequest } from '#core/errors.ts';
import { AlbumSummary, ArtistSummary, CatalogTrack } from '#core/protocol/catalog-views.ts';
import { shardCount } from '#core/shards.ts';
import type { AuthedEnv } from '../auth/middleware.ts';
import { errors } from '../http/error-responses.ts';
import { page, PageOf, PagingQuery } from '../http/paging.ts';
import { jsonResponse } from '../http/responses.ts';
import { authenticated, routeGroup } from '../http/route-group.ts';
import { getAlbum, getArtist, listAlbumTracks, listArtistAlbums } from './browse.ts';
import { CatalogImport } from './import/import-catalog.ts';
import { BOOKMARK_HEADER, CatalogSessions, parseBookmarks } from './read-sessions.ts';

const idParam = z.object({ id: z.string().min(1).max(64) });
const ImportOutcome = z.object({ imported: z.number().int(), rejected: z.array(z.object({ line: z.number().int(), error: z.string() })) });
const AlbumWithTracks = AlbumSummary.extend({ tracks: PageOf(CatalogTrack) });

const readSessions = (c: { env: Env; req: { header(name: string): string | undefined } }) =>
  new CatalogSessions(c.env, parseBookmarks(c.req.header(BOOKMARK_HEADER), shardCount(c.env, 'CATALOG')), 'replica');

/** POST /api/v1/catalog/import — a label's NDJSON catalog, streamed line by line (admin only). */
export const catalogImportRoutes = routeGroup<AuthedEnv>('Catalog', authenticated('admin')).route(
  {
    method: 'post',
    path: '/catalog/import',
    summary: "Import a label's catalog",
    description:
      'One artist, album, track or lyrics (`{"type":"lyrics","track_id","lrc"}`, after its track) record a line; streamed, each line capped. Rejected lines are reported, not fatal.',
    request: { body: { required: true, content: { 'application/x-ndjson': { schema: { type: 'string' } } } } },
    responses: { 200: jsonResponse(ImportOutcome, 'What was imported and which lines were rejected.'), ...errors(400, 413) },
  },
  async (c) => {
    const body = c.req.raw.body;
    if (!body) throw new BadRequest('The body must be NDJSON: one artist, album or track record a line.', 'empty_body');
    const writes = new CatalogSessions(c.env, new Map(), 'primary');
    const outcome = await new CatalogImport(c.env, writes.sessions).run(body);
    return c.json(outcome, 200, writes.header());
  },
).app;

/** `/api/v1/artists/{id}`, `/artists/{id}/albums`, `/albums/{id}` (with its first 50 tracks, as Spotify does) and `/albums/{id}/tracks`. */
export const catalogRoutes = routeGroup<AuthedEnv>('Catalog', authenticated())
  .route(
    {
      method: 'get',
      path: '/artists/{id}',
      summary: 'An artist',
      request: { params: idParam },
      responses: { 200: jsonResponse(ArtistSummary, 'The artist.'), ...errors(404) },
    },
    async (c) => {
      const reads = readSessions(c);
      return c.json(await getArtist(c.env, reads, c.req.valid('param').id), 200, reads.header());
    },
  )
  .route(
    {
      method: 'get',
      path: '/artists/{id}/albums',
      summary: "An artist's albums",
      request: { params: idParam, query: PagingQuery },
      responses: { 200: jsonResponse(PageOf(AlbumSummary), 'A page of albums.'), ...errors(404) },
    },
    async (c) => {
      const reads = readSessions(c);
      const { limit, offset } = c.req.valid('query');
      const { items, total } = await listArtistAlbums(c.env, reads, c.req.valid('param').id, limit, offset);
      return c.json(page(c.req.url, items, total, { limit, offset }), 200, reads.header());
    },
  )
  .route(
    {
      method: 'get',
      path: '/albums/{id}',
      summary: 'An album with its first 50 tracks',
      request: { params: idParam },
      responses: { 200: jsonResponse(AlbumWithTracks, 'The album.'), ...errors(404) },
    },
    async (c) => {
      const reads = readSessions(c);
      const id = c.req.valid('param').id;
      const [album, tracks] = await Promise.all([getAlbum(c.env, reads, id), listAlbumTracks(c.env, reads, id, 50, 0)]);
      const tracksUrl = new URL(c.req.url);
      tracksUrl.pathname += '/tracks';
      return c.json({ ...album, tracks: page(tracksUrl.toString(), tracks.items, tracks.total, { limit: 50, offset: 0 }) }, 200, reads.header());
    },
  )
  .route(
    {
      method: 'get',
      path: '/albums/{id}/tracks',
      summary: "An album's tracks",
      request: { params: idParam, query: PagingQuery },
      responses: { 200: jsonResponse(PageOf(CatalogTrack), 'A page of tracks.'), ...errors(404) },
    },
    async (c) => {
      const reads = readSessions(c);
      const { limit, offset } = c.req.valid('query');
      const { items, total } = await listAlbumTracks(c.env, reads, c.req.valid('param').id, limit, offset);
      return c.json(page(c.req.url, items, total, { limit, offset }), 200, reads.header());
    },
  ).app;
