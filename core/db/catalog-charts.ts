import { integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Charts and royalty statements computed by scheduled jobs (workers/api/src/jobs/),
 * so reads never scan the stream counts of every shard.
 */

/** One computed trending chart per region (and `global`), kept on catalog shard 0; replaced whole each hour. */
export const trendingCharts = sqliteTable('trending_charts', {
  region: text('region').primaryKey(),
  /** The 24 hours the chart counts: start of the first UTC hour .. when the job ran, epoch ms. */
  windowFrom: integer('window_from').notNull(),
  windowTo: integer('window_to').notNull(),
});

/** The top tracks of a chart by streams (ties: lower track id), as many as the largest `limit` a reader may ask for. */
export const trendingChartEntries = sqliteTable(
  'trending_chart_entries',
  {
    region: text('region').notNull(),
    position: integer('position').notNull(),
    trackId: text('track_id').notNull(),
    streams: integer('streams').notNull(),
  },
  (t) => [primaryKey({ columns: [t.region, t.position] })],
);

/** A closed month on this shard: written in the same batch as the shard's statements, so its presence means they are all there. */
export const royaltyMonths = sqliteTable('royalty_months', {
  month: text('month').primaryKey(),
  currency: text('currency').notNull(),
  poolMinorUnits: integer('pool_minor_units').notNull(),
  distributedMinorUnits: integer('distributed_minor_units').notNull(),
  totalStreams: integer('total_streams').notNull(),
  computedAt: integer('computed_at').notNull(),
});

/** An artist's statement for a closed month, on the artist's shard; never rewritten. */
export const royaltyStatements = sqliteTable(
  'royalty_statements',
  {
    artistId: text('artist_id').notNull(),
    month: text('month').notNull(),
    /** JSON: [{track_id, title, streams, amount_minor_units}], most streamed first. */
    tracks: text('tracks').notNull(),
  },
  (t) => [primaryKey({ columns: [t.artistId, t.month] })],
);
