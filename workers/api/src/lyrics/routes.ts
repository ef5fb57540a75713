import { z } from 'zod';
import type { AuthedEnv } from '../auth/middleware.ts';
import { BOOKMARK_HEADER, formatBookmarks } from '../catalog/read-sessions.ts';
import { refreshSearchVocabulary } from '../search/vocabulary.ts';
import { errors } from '../http/error-responses.ts';
import { jsonResponse, noContent } from '../http/responses.ts';
import { authenticated, publicAccess, routeGroup } from '../http/route-group.ts';
import { readLrcBody } from './lrc-body.ts';
import { deleteLyrics, lyricsUpsertStatement, readLyrics } from './lyrics-store.ts';
import { type LyricsTarget, lyricsTarget, trackShardDb } from './lyrics-target.ts';

const bookmarkHeader = ({ shard, db }: LyricsTarget): Record<string, string> => {
  const value = formatBookmarks(new Map(db.getBookmark() ? [[shard, db.getBookmark()!]] : []));
  return value ? { [BOOKMARK_HEADER]: value } : {};
};

const trackParam = z.object({ id: z.string().min(1).max(64) });

export const LyricsView = z.object({
  synced: z.boolean(),
  lines: z.array(z.object({ start_ms: z.number().int().nullable().describe('null in unsynced lyrics'), text: z.string() })),
});
const LyricsStored = z.object({ lines: z.number().int(), synced: z.boolean() });

/** `GET /api/v1/tracks/{id}/lyrics`: public, like the track. */
export const lyricsReadRoutes = routeGroup('Tracks', publicAccess).route(
  {
    method: 'get',
    path: '/tracks/{id}/lyrics',
    summary: "A track's lyrics",
    description: "Synced lyrics carry each line's start in ms, sorted; unsynced (plain text) ones `synced: false` and `start_ms: null`.",
    request: { params: trackParam },
    responses: { 200: jsonResponse(LyricsView, 'The lyrics.'), ...errors(404) },
  },
  async (c) => {
    const { id } = c.req.valid('param');
    return c.json(await readLyrics(await trackShardDb(c.env, id), id));
  },
).app;

/** `PUT` and `DELETE /api/v1/tracks/{id}/lyrics`: an artist the track credits, or an admin. The caller is checked before the body is read. */
export const lyricsWriteRoutes = routeGroup<AuthedEnv>('Tracks', authenticated())
  .route(
    {
      method: 'put',
      path: '/tracks/{id}/lyrics',
      summary: "Set a track's lyrics",
      description:
        'A `text/plain` LRC body of at most 64 kB: `[mm:ss.xx] text` lines (also `[mm:ss]`, `[mm:ss.xxx]`), several timestamps a line, `[offset:±ms]`, metadata tags (`[ar:]`, `[ti:]`, `[al:]`, `[length:]`, `[by:]`). Text without timestamps is stored as unsynced lyrics. Replaces any lyrics the track had; a malformed line is a 422 naming its line number.',
      request: { params: trackParam, body: { required: true, content: { 'text/plain': { schema: { type: 'string' } } } } },
      responses: { 200: jsonResponse(LyricsStored, 'Stored; `lines` is how many lines the lyrics have.'), ...errors(403, 404, 413, 415, 422) },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const target = await lyricsTarget(c.env, c.var.user, id);
      const lyrics = await readLrcBody(c.req.raw);
      await lyricsUpsertStatement(target.db, id, lyrics, Date.now()).run();
      // New words become spelling corrections at once (an import refreshes once per shard instead).
      await refreshSearchVocabulary(target.db);
      return c.json({ lines: lyrics.lines.length, synced: lyrics.synced }, 200, bookmarkHeader(target));
    },
  )
  .route(
    {
      method: 'delete',
      path: '/tracks/{id}/lyrics',
      summary: "Remove a track's lyrics",
      request: { params: trackParam },
      responses: { 204: noContent('Removed.'), ...errors(403, 404) },
    },
    async (c) => {
      const { id } = c.req.valid('param');
      const target = await lyricsTarget(c.env, c.var.user, id);
      await deleteLyrics(target.db, id);
      return c.body(null, 204, bookmarkHeader(target));
    },
  ).app;
