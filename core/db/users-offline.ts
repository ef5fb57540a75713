import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Offline licenses (users migration 0013, core/protocol/offline.ts): one per
 * listener and downloaded track, on the listener's user shard. `granted_at` is
 * also the key epoch (a license granted anew gets a new key); `last_played_at`
 * starts equal to it and moves with every key fetch, and 30 days after it the
 * license is expired and the sweep deletes it.
 */
export const offlineLicenses = sqliteTable(
  'offline_licenses',
  {
    userId: text('user_id').notNull(),
    trackId: text('track_id').notNull(),
    grantedAt: integer('granted_at').notNull(),
    lastPlayedAt: integer('last_played_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.trackId] }), index('offline_licenses_last_played').on(t.lastPlayedAt)],
);
