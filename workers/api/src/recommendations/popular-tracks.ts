import { allShardDbs } from '#core/shards.ts';
import { GLOBAL, storedChart } from '../charts/trending.ts';

/**
 * What to offer someone the platform knows nothing about yet: the global
 * trending chart (the last charts job), then the catalog's most popular ready
 * tracks from every shard. Ids, best first, without `exclude`.
 */
export async function popularTrackIds(env: Env, limit: number, exclude: ReadonlySet<string> = new Set()): Promise<string[]> {
  const chart = await storedChart(env, GLOBAL);
  const out = new Set(chart.entries.flatMap((e) => (e.track && e.track.status === 'ready' && !exclude.has(e.track.id) ? [e.track.id] : [])));
  if (out.size >= limit) return [...out].slice(0, limit);
  const wanted = limit + exclude.size;
  const perShard = await Promise.all(
    allShardDbs(env, 'CATALOG').map((db) =>
      db
        .prepare(`SELECT id, popularity FROM tracks WHERE status = 'ready' ORDER BY popularity DESC LIMIT ?1`)
        .bind(wanted)
        .all<{ id: string; popularity: number }>(),
    ),
  );
  const byPopularity = perShard.flatMap((r) => r.results).sort((a, b) => b.popularity - a.popularity || (a.id < b.id ? -1 : 1));
  for (const t of byPopularity) if (!exclude.has(t.id)) out.add(t.id);
  return [...out].slice(0, limit);
}
