import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Where a listener stopped in each episode (users migration 0012), on their own user
 * shard: one row per listener and episode, whichever device saved it last, so
 * every device resumes from the same point.
 */
export const episodeProgress = sqliteTable(
  'episode_progress',
  {
    userId: text('user_id').notNull(),
    episodeId: text('episode_id').notNull(),
    positionMs: integer('position_ms').notNull(),
    /** Set once the listener reached the end (workers/api/src/podcasts/progress.ts); it stays set if they listen again. */
    fullyPlayed: integer('fully_played', { mode: 'boolean' }).notNull().default(false),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.episodeId] }), index('episode_progress_user_recent').on(t.userId, t.updatedAt)],
);
