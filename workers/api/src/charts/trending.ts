import { z } from 'zod';
import { allShardDbs } from '#core/shards.ts';
import { HOUR_MS, utcHour } from '#core/protocol/listening.ts';
import { loadTrackSummaries } from '#core/catalog/views.ts';
import type { TrackSummary } from '#core/protocol/catalog-views.ts';

export const GLOBAL = 'global';

export const TrendingQuery = z.object({
  region: z
    .string()
    .regex(/^([A-Za-z]{2}|global)$/, 'an ISO 3166-1 alpha-2 country code, or global')
    .transform((r) => (r === GLOBAL ? GLOBAL : r.toUpperCase()))
    .optional(),
  limit: z.coerce.number().int().min(1).max(50).default(20),
});

export interface TrendingChart {
  region: string;
  window: { from: string; to: string };
  limit: number;
  items: { rank: number; streams: number; track: TrackSummary }[];
}

/**
 * The most-streamed tracks of the last 24 hours in a region (or everywhere):
 * the current UTC hour and the 23 before it, from the hourly counts each
 * catalog shard keeps. Ties go to the lower track id, so the chart is stable.
 */
export async function trending(env: Env, region: string, limit: number, now = Date.now()): Promise<TrendingChart> {
  const from = utcHour(now) - 23 * HOUR_MS;
  const perShard = await Promise.all(
    allShardDbs(env, 'CATALOG').map(async (db) => {
      const where = region === GLOBAL ? 'hour >= ?1' : 'hour >= ?1 AND region = ?3';
      const { results } = await db
        .prepare(
          `SELECT track_id, sum(streams) AS streams FROM track_region_hourly_streams WHERE ${where} GROUP BY track_id ORDER BY streams DESC, track_id LIMIT ?2`,
        )
        .bind(...(region === GLOBAL ? [from, limit] : [from, limit, region]))
        .all<{ track_id: string; streams: number }>();
      return results;
    }),
  );
  const top = perShard
    .flat()
    .sort((a, b) => b.streams - a.streams || (a.track_id < b.track_id ? -1 : 1))
    .slice(0, limit);
  const tracks = await loadTrackSummaries(
    env,
    top.map((t) => t.track_id),
  );
  const items = top.flatMap((t) => {
    const track = tracks.get(t.track_id);
    return track ? [{ streams: t.streams, track }] : [];
  });
  return {
    region,
    window: { from: new Date(from).toISOString(), to: new Date(now).toISOString() },
    limit,
    items: items.map((item, i) => ({ rank: i + 1, ...item })),
  };
}
