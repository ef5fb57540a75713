import { chunked } from '#core/catalog/reads.ts';
import type { Neighbour, NeighbourLookup } from '#core/recommendations/neighbours.ts';
import { groupByShard, shardDb } from '#core/shards.ts';

/** The most neighbours read per track: the job keeps a top-K list, this caps what one walk step can load. */
const NEIGHBOURS_PER_TRACK = 50;

/**
 * Neighbour lists of the given tracks (track_neighbours, on each track's catalog
 * shard), most similar first. Ids that name no catalog track are absent, as are
 * tracks without rows; ids are grouped by shard and bound at most 100 a statement.
 */
export async function readNeighbours(env: Env, trackIds: Iterable<string>): Promise<Map<string, Neighbour[]>> {
  const found = new Map<string, Neighbour[]>();
  const reads = [...groupByShard(env, 'CATALOG', trackIds, ['trk'])].flatMap(([shard, ids]) =>
    chunked(ids).map(async (chunk) => {
      const { results } = await shardDb(env, 'CATALOG', shard)
        .prepare(
          `SELECT track_id, neighbour_id, score FROM track_neighbours
           WHERE track_id IN (${chunk.map(() => '?').join(',')}) AND rank < ${NEIGHBOURS_PER_TRACK} ORDER BY track_id, rank`,
        )
        .bind(...chunk)
        .all<{ track_id: string; neighbour_id: string; score: number }>();
      for (const r of results) found.set(r.track_id, [...(found.get(r.track_id) ?? []), { neighbourId: r.neighbour_id, score: r.score }]);
    }),
  );
  await Promise.all(reads);
  return found;
}

/**
 * Runs a pure ranking that looks neighbours up synchronously: each pass records
 * the tracks it asked for that are not loaded yet, they are read (one batch per
 * shard), and the ranking runs again until it asks for nothing new — a walk
 * `depth` steps out costs `depth` rounds of reads. `preloaded` lists stand in
 * for what a track's rows would say (the seeds' cold-start lists). Answers the
 * last pass's result and the lookup it ran on, to run further pure code on.
 */
export async function withNeighbours<T>(
  env: Env,
  rank: (neighbours: NeighbourLookup) => T,
  { maxRounds, preloaded }: { maxRounds: number; preloaded?: ReadonlyMap<string, readonly Neighbour[]> },
): Promise<{ result: T; neighbours: NeighbourLookup }> {
  const loaded = new Map<string, readonly Neighbour[]>(preloaded);
  for (let round = 0; ; round++) {
    const missing = new Set<string>();
    const result = rank((id) => {
      const list = loaded.get(id);
      if (list === undefined) missing.add(id);
      return list ?? [];
    });
    if (missing.size === 0 || round >= maxRounds) return { result, neighbours: (id) => loaded.get(id) ?? [] };
    const read = await readNeighbours(env, missing);
    for (const id of missing) loaded.set(id, read.get(id) ?? []);
  }
}
