import { integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The recommendations job's staging (workers/api/src/recommendations/), keyed by
 * the job's run id so a run never reads another's sums, and dropped when the run
 * has written track_neighbours. Rows live on the catalog shard of `track_id`.
 * Migration 0013 makes the tables WITHOUT ROWID (a row written is one row, not two).
 */

/** Σ over sources (listeners, playlists) of w(track)·w(other), both directions stored: a shard scores its own tracks alone. */
export const similarityPairs = sqliteTable(
  'similarity_pairs',
  {
    runId: text('run_id').notNull(),
    trackId: text('track_id').notNull(),
    otherId: text('other_id').notNull(),
    weight: real('weight').notNull(),
    /** How many sources hold both tracks: the support the score's shrinkage reads. */
    sources: integer('sources').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.trackId, t.otherId] })],
);

/** Σ over sources of w(track)²: the track's vector norm squared. */
export const similarityTracks = sqliteTable(
  'similarity_tracks',
  {
    runId: text('run_id').notNull(),
    trackId: text('track_id').notNull(),
    norm2: real('norm2').notNull(),
    sources: integer('sources').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.trackId] })],
);

/** The source pages a run has added on this shard: written in the same batch as their sums, so a retried page adds nothing twice. */
export const similarityPages = sqliteTable(
  'similarity_pages',
  {
    runId: text('run_id').notNull(),
    page: text('page').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.runId, t.page] })],
);
