import type { streamLedger } from '#core/db/catalog-streams.ts';
import { utcDay, utcHour } from '#core/protocol/listening.ts';
import { chunks } from './json-rows.ts';
import type { RecordedPlay } from './history.ts';

/**
 * Counts this shard's streams in one atomic batch. The ledger insert ignores
 * streams a previous delivery already counted; every row it does insert carries
 * this attempt's token, and the aggregates add exactly the rows with that token.
 * So the batch either lands whole or not at all, and landing twice adds nothing.
 */
export async function countStreams(db: D1Database, streams: RecordedPlay[]): Promise<void> {
  const attempt = crypto.randomUUID();
  const rows = streams.map(
    (s): Omit<typeof streamLedger.$inferInsert, 'attempt'> => ({
      userId: s.userId,
      eventId: s.eventId,
      trackId: s.trackId,
      region: s.region,
      day: utcDay(s.startedAt),
      hour: utcHour(s.startedAt),
    }),
  );
  await db.batch([
    ...chunks(rows).map((chunk) =>
      db
        .prepare(
          `INSERT OR IGNORE INTO stream_ledger (user_id, event_id, track_id, region, day, hour, attempt)
           SELECT value->>'userId', value->>'eventId', value->>'trackId', value->>'region', value->>'day', value->>'hour', ?1 FROM json_each(?2)`,
        )
        .bind(attempt, JSON.stringify(chunk)),
    ),
    db
      .prepare(
        `INSERT INTO track_daily_streams (track_id, day, streams)
         SELECT track_id, day, count(*) FROM stream_ledger WHERE attempt = ? GROUP BY track_id, day
         ON CONFLICT (track_id, day) DO UPDATE SET streams = streams + excluded.streams`,
      )
      .bind(attempt),
    db
      .prepare(
        `INSERT INTO track_region_hourly_streams (region, hour, track_id, streams)
         SELECT region, hour, track_id, count(*) FROM stream_ledger WHERE attempt = ? GROUP BY region, hour, track_id
         ON CONFLICT (region, hour, track_id) DO UPDATE SET streams = streams + excluded.streams`,
      )
      .bind(attempt),
  ]);
}
