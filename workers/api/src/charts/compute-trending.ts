import { allShardDbs, shardDb } from '#core/shards.ts';
import { HOUR_MS, utcHour } from '#core/protocol/listening.ts';
import { purgeEdgeCache } from '../http/edge-cache.ts';
import { trendingCacheKey } from './chart-cache.ts';
import { CHART_DEPTH, CHARTS_SHARD, GLOBAL } from './trending.ts';

interface Entry {
  region: string;
  track_id: string;
  streams: number;
}

/** A shard's top CHART_DEPTH tracks of the window in every region it has streams in, and everywhere. */
async function shardTops(db: D1Database, from: number): Promise<Entry[]> {
  const [perRegion, global] = await db.batch<Entry>([
    db
      .prepare(
        `SELECT region, track_id, streams FROM (
           SELECT region, track_id, sum(streams) AS streams,
                  row_number() OVER (PARTITION BY region ORDER BY sum(streams) DESC, track_id) AS position
           FROM track_region_hourly_streams WHERE hour >= ?1 GROUP BY region, track_id
         ) WHERE position <= ?2`,
      )
      .bind(from, CHART_DEPTH),
    db
      .prepare(
        `SELECT '${GLOBAL}' AS region, track_id, sum(streams) AS streams FROM track_region_hourly_streams WHERE hour >= ?1 GROUP BY track_id ORDER BY streams DESC, track_id LIMIT ?2`,
      )
      .bind(from, CHART_DEPTH),
  ]);
  return [...perRegion!.results, ...global!.results];
}

/**
 * Computes every region's trending chart (the current UTC hour and the 23 before
 * it) and replaces the stored charts with them in one atomic batch. A track lives
 * on one shard, so each shard's top CHART_DEPTH per region holds the region's top
 * CHART_DEPTH. Ties go to the lower track id, as they always have.
 */
export async function computeTrendingCharts(env: Env, now = Date.now()): Promise<{ regions: string[] }> {
  const from = utcHour(now) - 23 * HOUR_MS;
  const byRegion = new Map<string, Entry[]>([[GLOBAL, []]]);
  for (const entry of (await Promise.all(allShardDbs(env, 'CATALOG').map((db) => shardTops(db, from)))).flat()) {
    byRegion.set(entry.region, [...(byRegion.get(entry.region) ?? []), entry]);
  }

  const db = shardDb(env, 'CATALOG', CHARTS_SHARD);
  const { results: before } = await db.prepare('SELECT region FROM trending_charts').all<{ region: string }>();
  const writes = [db.prepare('DELETE FROM trending_chart_entries'), db.prepare('DELETE FROM trending_charts')];
  for (const [region, entries] of byRegion) {
    writes.push(db.prepare('INSERT INTO trending_charts (region, window_from, window_to) VALUES (?1, ?2, ?3)').bind(region, from, now));
    const top = entries.sort((a, b) => b.streams - a.streams || (a.track_id < b.track_id ? -1 : 1)).slice(0, CHART_DEPTH);
    // 4 parameters a row: 25 rows a statement stays within D1's 100.
    for (let start = 0; start < top.length; start += 25) {
      const rows = top.slice(start, start + 25);
      writes.push(
        db
          .prepare(`INSERT INTO trending_chart_entries (region, position, track_id, streams) VALUES ${rows.map(() => '(?, ?, ?, ?)').join(', ')}`)
          .bind(...rows.flatMap((r, i) => [region, start + i + 1, r.track_id, r.streams])),
      );
    }
  }
  await db.batch(writes);
  await purgeEdgeCache([...before.map((r) => r.region), ...byRegion.keys()].map(trendingCacheKey));
  return { regions: [...byRegion.keys()] };
}
