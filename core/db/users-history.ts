import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { outcomes } from '../protocol/listening.ts';

/**
 * Every reported play, on the listener's user shard: their listening history,
 * the record of why an event was or was not counted, and the window the fraud
 * rules look back over. Keyed by (user, event id), so a redelivered event is a
 * no-op and its first verdict stands.
 */
export const listeningEvents = sqliteTable(
  'listening_events',
  {
    userId: text('user_id').notNull(),
    eventId: text('event_id').notNull(),
    trackId: text('track_id').notNull(),
    startedAt: integer('started_at').notNull(),
    msPlayed: integer('ms_played').notNull(),
    completed: integer('completed', { mode: 'boolean' }).notNull(),
    deviceId: text('device_id'),
    sessionId: text('session_id'),
    quality: text('quality'),
    region: text('region').notNull(),
    receivedAt: integer('received_at').notNull(),
    outcome: text('outcome', { enum: outcomes }).notNull(),
    /** The album, artist or playlist URI the play was played from, when the client said (users migration 0008). */
    contextUri: text('context_uri'),
  },
  (t) => [primaryKey({ columns: [t.userId, t.eventId] }), index('listening_events_user_time').on(t.userId, t.startedAt)],
);
