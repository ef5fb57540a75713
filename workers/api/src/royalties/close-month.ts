import { Conflict } from '#core/errors.ts';
import { shardDb } from '#core/shards.ts';
import { currentMonth, splitMonth } from './statement.ts';

/** The month before the one `now` is in, `YYYY-MM`. */
export function previousMonth(now = Date.now()): string {
  const d = new Date(now);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
}

export function assertMonthClosed(month: string, now = Date.now()): void {
  if (month >= currentMonth(now)) throw new Conflict(`The month ${month} has not closed yet.`, 'month_not_closed');
}

/**
 * Closes a month: splits its pool once (statement.ts, the same numbers a live
 * statement shows) and stores every artist's statement on the artist's shard with
 * the month's totals, one atomic batch per shard. A shard where the month is
 * already closed keeps what it has (INSERT OR IGNORE): a closed statement never changes.
 */
export async function closeRoyaltyMonth(env: Env, month: string, now = Date.now()): Promise<{ month: string; artists: number }> {
  assertMonthClosed(month, now);
  const { totals, byShard } = await splitMonth(env, month);
  await Promise.all(
    byShard.map(async (byArtist, shard) => {
      const db = shardDb(env, 'CATALOG', shard);
      const { results } = await db.prepare('SELECT 1 FROM royalty_months WHERE month = ?1').bind(month).all();
      if (results.length) return;
      await db.batch([
        db
          .prepare(
            'INSERT OR IGNORE INTO royalty_months (month, currency, pool_minor_units, distributed_minor_units, total_streams, computed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
          )
          .bind(month, totals.currency, totals.pool, totals.distributed, totals.totalStreams, now),
        ...[...byArtist].map(([artistId, tracks]) =>
          db.prepare('INSERT OR IGNORE INTO royalty_statements (artist_id, month, tracks) VALUES (?1, ?2, ?3)').bind(artistId, month, JSON.stringify(tracks)),
        ),
      ]);
    }),
  );
  return { month, artists: byShard.reduce((acc, s) => acc + s.size, 0) };
}
