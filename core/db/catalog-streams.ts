import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Stream counts, kept in the catalog shard of the track they count. Written only
 * by the listening-events worker, one atomic `db.batch` per shard per queue batch.
 */

/**
 * Every counted stream, once. The primary key makes a redelivered event a no-op;
 * `attempt` tags the rows a batch inserted so the aggregates below add exactly
 * those rows and nothing a previous delivery already added.
 */
export const streamLedger = sqliteTable(
  'stream_ledger',
  {
    userId: text('user_id').notNull(),
    eventId: text('event_id').notNull(),
    trackId: text('track_id').notNull(),
    region: text('region').notNull(),
    /** UTC day of the play, `YYYY-MM-DD`. */
    day: text('day').notNull(),
    /** Start of the UTC hour of the play, epoch ms. */
    hour: integer('hour').notNull(),
    attempt: text('attempt').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.eventId] }), index('stream_ledger_attempt').on(t.attempt)],
);

/** Counted streams per track per UTC day: stream counts and royalties read this. */
export const trackDailyStreams = sqliteTable(
  'track_daily_streams',
  {
    trackId: text('track_id').notNull(),
    day: text('day').notNull(),
    streams: integer('streams').notNull(),
  },
  (t) => [primaryKey({ columns: [t.trackId, t.day] }), index('track_daily_streams_day').on(t.day)],
);

/** Counted streams per region per UTC hour per track: trending reads the last 24 of these. */
export const trackRegionHourlyStreams = sqliteTable(
  'track_region_hourly_streams',
  {
    region: text('region').notNull(),
    hour: integer('hour').notNull(),
    trackId: text('track_id').notNull(),
    streams: integer('streams').notNull(),
  },
  (t) => [primaryKey({ columns: [t.region, t.hour, t.trackId] }), index('track_region_hourly_streams_hour').on(t.hour)],
);
