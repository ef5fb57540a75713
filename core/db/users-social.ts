import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Whom a listener follows, on the follower's user shard (users migration 0011):
 * the followed person may live on any shard, in any region. There is no
 * follower list on the followed side: nothing reads one yet.
 */
export const userFollows = sqliteTable(
  'user_follows',
  {
    followerId: text('follower_id').notNull(),
    followeeId: text('followee_id').notNull(),
    followedAt: integer('followed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.followerId, t.followeeId] }), index('user_follows_follower_time').on(t.followerId, t.followedAt)],
);

/**
 * A listener's private sessions, on their own user shard: the setting
 * `private_session` is true while one is open (`ended_at` null). Closed ones are
 * kept so that what was played inside them never shows as "last played" later.
 */
export const privateSessions = sqliteTable(
  'private_sessions',
  {
    userId: text('user_id').notNull(),
    startedAt: integer('started_at').notNull(),
    endedAt: integer('ended_at'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.startedAt] })],
);
