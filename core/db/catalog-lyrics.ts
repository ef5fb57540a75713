import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { tracks } from './catalog-schema.ts';

/**
 * A track's lyrics, on the track's shard (migration 0016). `lines` is the parsed
 * LRC as JSON (`[{start_ms, text}]`, core/lyrics/lrc.ts); `search_text` is what
 * the FTS5 index lyrics_fts holds (each distinct line once), kept in step by the
 * triggers of the hand-written migration 0017.
 */
export const trackLyrics = sqliteTable('track_lyrics', {
  trackId: text('track_id')
    .primaryKey()
    .references(() => tracks.id),
  synced: integer('synced', { mode: 'boolean' }).notNull(),
  lines: text('lines').notNull(),
  searchText: text('search_text').notNull(),
  updatedAt: integer('updated_at').notNull(),
});
