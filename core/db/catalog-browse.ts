import { index, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Browse support tables (migration 0010). `genre_track_counts` is on every
 * catalog shard, kept in step with `tracks` by triggers (hand-written in the
 * migration, invisible to drizzle), so every write path (import, upload, a
 * transcode becoming ready, a delete) moves the count in the same transaction.
 * `featured_playlists` is a global index, on catalog shard 0 beside the charts.
 */

/** Ready tracks of each genre on this shard, by the genre text tracks carry; a genre's id is a slug of it (core/catalog/genres.ts). */
export const genreTrackCounts = sqliteTable('genre_track_counts', {
  genre: text('genre').primaryKey(),
  trackCount: integer('track_count').notNull(),
});

/**
 * Playlists an admin marked `editorial: true`, written when they do it, so the
 * featured list reads this index and the owners' rows instead of every user
 * shard. Public and not deleted are checked against the owner's row on read.
 */
export const featuredPlaylists = sqliteTable(
  'featured_playlists',
  {
    playlistId: text('playlist_id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    featuredAt: integer('featured_at').notNull(),
  },
  (t) => [index('featured_playlists_time').on(t.featuredAt, t.playlistId)],
);
