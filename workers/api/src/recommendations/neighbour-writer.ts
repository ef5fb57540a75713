import { groupByShard, shardDb } from '#core/shards.ts';
import { scoreNeighbours, SIMILARITY } from '#core/recommendations/similarity.ts';
import { chunks } from '#core/db/json-chunks.ts';
import { type D1Cost, metered } from './d1-cost.ts';

/** Tracks scored per step: each reads at most SIMILARITY.candidates pair rows. */
const TRACKS_PER_PAGE = 200;

interface PairRow {
  track_id: string;
  other_id: string;
  weight: number;
  sources: number;
}

/**
 * Scores one page of a catalog shard's tracks (those after `after` in this run's
 * staging) and replaces each one's track_neighbours rows in one atomic batch.
 * Rewriting a page is idempotent. Returns the page's last track when more follow.
 */
export async function writeNeighbourPage(
  env: Env,
  shard: number,
  runId: string,
  after: string,
  computedAt: number,
  cost: D1Cost,
): Promise<{ next: string | null; tracks: number }> {
  const db = shardDb(env, 'CATALOG', shard);
  const { results: tracks } = metered(
    cost,
    await db
      .prepare('SELECT track_id, norm2 FROM similarity_tracks WHERE run_id = ?1 AND track_id > ?2 ORDER BY track_id LIMIT ?3')
      .bind(runId, after, TRACKS_PER_PAGE)
      .all<{ track_id: string; norm2: number }>(),
  );
  if (tracks.length === 0) return { next: null, tracks: 0 };
  const { results: pairs } = metered(
    cost,
    await db
      .prepare(
        `SELECT track_id, other_id, weight, sources FROM (
           SELECT track_id, other_id, weight, sources, row_number() OVER (PARTITION BY track_id ORDER BY weight DESC, other_id) AS strength
           FROM similarity_pairs WHERE run_id = ?1 AND track_id IN (SELECT value FROM json_each(?2))
         ) WHERE strength <= ?3`,
      )
      .bind(runId, JSON.stringify(tracks.map((t) => t.track_id)), SIMILARITY.candidates)
      .all<PairRow>(),
  );
  const norms = await otherNorms(env, runId, pairs, cost);
  const byTrack = Map.groupBy(
    pairs.map((p) => ({ trackId: p.track_id, otherId: p.other_id, weight: p.weight, sources: p.sources, otherNorm2: norms.get(p.other_id) ?? 0 })),
    (c) => c.trackId,
  );
  const rows = tracks.flatMap((t) => scoreNeighbours(t.norm2, byTrack.get(t.track_id) ?? []).map((n, rank) => [t.track_id, rank, n.neighbourId, n.score]));
  metered(
    cost,
    await db.batch([
      db.prepare('DELETE FROM track_neighbours WHERE track_id IN (SELECT value FROM json_each(?1))').bind(JSON.stringify(tracks.map((t) => t.track_id))),
      ...chunks(rows).map((chunk) =>
        db
          .prepare(
            `INSERT INTO track_neighbours (track_id, rank, neighbour_id, score, computed_at)
             SELECT value->>0, value->>1, value->>2, value->>3, ?1 FROM json_each(?2)`,
          )
          .bind(computedAt, JSON.stringify(chunk)),
      ),
    ]),
  );
  return { next: tracks.length === TRACKS_PER_PAGE ? tracks.at(-1)!.track_id : null, tracks: tracks.length };
}

/** The norms of the candidates, each read from its own shard's staging. */
async function otherNorms(env: Env, runId: string, pairs: PairRow[], cost: D1Cost): Promise<Map<string, number>> {
  const norms = new Map<string, number>();
  for (const [shard, ids] of groupByShard(
    env,
    'CATALOG',
    pairs.map((p) => p.other_id),
    ['trk'],
  )) {
    const db = shardDb(env, 'CATALOG', shard);
    for (const chunk of chunks(ids)) {
      const { results } = metered(
        cost,
        await db
          .prepare('SELECT track_id, norm2 FROM similarity_tracks WHERE run_id = ?1 AND track_id IN (SELECT value FROM json_each(?2))')
          .bind(runId, JSON.stringify(chunk))
          .all<{ track_id: string; norm2: number }>(),
      );
      for (const r of results) norms.set(r.track_id, r.norm2);
    }
  }
  return norms;
}

/** Drops the neighbours of tracks this run did not score (no source holds them any more). */
export async function dropUnscored(db: D1Database, computedAt: number, cost: D1Cost): Promise<void> {
  metered(cost, await db.prepare('DELETE FROM track_neighbours WHERE computed_at < ?1').bind(computedAt).run());
}
