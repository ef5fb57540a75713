import { groupByShard, shardDb } from '#core/shards.ts';
import type { PairSums } from '#core/recommendations/similarity.ts';
import { chunks } from '#core/db/json-chunks.ts';
import { type D1Cost, metered } from './d1-cost.ts';

/**
 * Adds a page's sums to the run's staging on the catalog shard of each track, one
 * atomic batch per shard that also records the page (similarity_pages). A retried
 * page skips the shards that have it already; were two attempts ever to race, the
 * second batch's insert of the same page fails and takes its sums with it.
 */
export async function addPageSums(env: Env, runId: string, pageKey: string, sums: PairSums, cost: D1Cost, now = Date.now()): Promise<void> {
  for (const [shard, trackIds] of groupByShard(env, 'CATALOG', sums.tracks.keys(), ['trk'])) {
    const db = shardDb(env, 'CATALOG', shard);
    const seen = metered(cost, await db.prepare('SELECT 1 AS seen FROM similarity_pages WHERE run_id = ?1 AND page = ?2').bind(runId, pageKey).all());
    if (seen.results.length > 0) continue;
    const pairRows: [string, string, number, number][] = [];
    const trackRows: [string, number, number][] = [];
    for (const trackId of trackIds) {
      const track = sums.tracks.get(trackId)!;
      trackRows.push([trackId, track.norm2, track.sources]);
      for (const [otherId, pair] of sums.pairs.get(trackId) ?? []) pairRows.push([trackId, otherId, pair.weight, pair.sources]);
    }
    metered(
      cost,
      await db.batch([
        db.prepare('INSERT INTO similarity_pages (run_id, page, added_at) VALUES (?1, ?2, ?3)').bind(runId, pageKey, now),
        ...chunks(trackRows).map((rows) =>
          db
            .prepare(
              `INSERT INTO similarity_tracks (run_id, track_id, norm2, sources)
               SELECT ?1, value->>0, value->>1, value->>2 FROM json_each(?2) WHERE true
               ON CONFLICT (run_id, track_id) DO UPDATE SET norm2 = norm2 + excluded.norm2, sources = sources + excluded.sources`,
            )
            .bind(runId, JSON.stringify(rows)),
        ),
        ...chunks(pairRows).map((rows) =>
          db
            .prepare(
              `INSERT INTO similarity_pairs (run_id, track_id, other_id, weight, sources)
               SELECT ?1, value->>0, value->>1, value->>2, value->>3 FROM json_each(?2) WHERE true
               ON CONFLICT (run_id, track_id, other_id) DO UPDATE SET weight = weight + excluded.weight, sources = sources + excluded.sources`,
            )
            .bind(runId, JSON.stringify(rows)),
        ),
      ]),
    );
  }
}

/** Drops a run's staging on one shard, and what runs that died a day ago left. */
export async function dropStaging(db: D1Database, runId: string, cost: D1Cost, now = Date.now()): Promise<void> {
  const stale = `SELECT run_id FROM similarity_pages WHERE run_id = ?1 OR added_at < ?2`;
  const bound = [runId, now - 24 * 60 * 60 * 1000] as const;
  metered(
    cost,
    await db.batch([
      db.prepare(`DELETE FROM similarity_pairs WHERE run_id IN (${stale})`).bind(...bound),
      db.prepare(`DELETE FROM similarity_tracks WHERE run_id IN (${stale})`).bind(...bound),
      db.prepare(`DELETE FROM similarity_pages WHERE run_id IN (${stale})`).bind(...bound),
    ]),
  );
}
