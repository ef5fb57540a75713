import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Item-item similarity, written by the `recommendations` job and read by radio,
 * recommendations and Discover Weekly. Kept on the catalog shard of `track_id`
 * (the track whose neighbours these are); the neighbour may live on any shard.
 * A run replaces a track's rows whole, so a reader sees one run's list.
 */
export const trackNeighbours = sqliteTable(
  'track_neighbours',
  {
    trackId: text('track_id').notNull(),
    /** 0 is the most similar. */
    rank: integer('rank').notNull(),
    neighbourId: text('neighbour_id').notNull(),
    /** Higher is more similar; comparable within one track's list only. */
    score: real('score').notNull(),
    computedAt: integer('computed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.rank] })],
);
