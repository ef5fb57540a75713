import { groupByShard, shardDb, type ShardEnv } from '../../../core/shards.ts';
import type { TrackDurations } from './verdicts.ts';

/**
 * Finds which of the reported tracks exist, and how long they are, with one query
 * per catalog shard involved. A track id that names no shard of ours is unknown.
 */
export async function loadTrackDurations(env: ShardEnv, trackIds: Iterable<string>): Promise<TrackDurations> {
  const byShard = groupByShard(env, 'CATALOG', trackIds, ['trk']);
  const durations: TrackDurations = new Map();
  await Promise.all(
    [...byShard].map(async ([shard, ids]) => {
      // One bound JSON array instead of one parameter per id keeps any batch under D1's 100-parameter limit.
      const { results } = await shardDb(env, 'CATALOG', shard)
        .prepare('SELECT id, duration_ms FROM tracks WHERE id IN (SELECT value FROM json_each(?))')
        .bind(JSON.stringify(ids))
        .all<{ id: string; duration_ms: number | null }>();
      for (const row of results) durations.set(row.id, row.duration_ms);
    }),
  );
  return durations;
}
