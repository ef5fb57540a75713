import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Releases pushed to a follower (workers/api/src/follow/fanout.ts), on the
 * follower's user shard. One row per album: a redelivered fan-out adds nothing.
 */
export const inboxItems = sqliteTable(
  'inbox_items',
  {
    userId: text('user_id').notNull(),
    albumId: text('album_id').notNull(),
    artistId: text('artist_id').notNull(),
    releasedAt: integer('released_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.albumId] }), index('inbox_items_user_released').on(t.userId, t.releasedAt)],
);
