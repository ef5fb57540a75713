import { z } from 'zod';
import { loadTrackSummaries } from '#core/catalog/views.ts';
import type { TrackSummary } from '#core/protocol/catalog-views.ts';
import { HOUR_MS, utcHour } from '#core/protocol/listening.ts';
import { shardDb } from '#core/shards.ts';

export const GLOBAL = 'global';
/** The largest `limit` a reader may ask for, and so how deep each stored chart goes. */
export const CHART_DEPTH = 50;
/** The computed charts are global, kept on one catalog shard. */
export const CHARTS_SHARD = 0;

export const TrendingQuery = z.object({
  region: z
    .string()
    .regex(/^([A-Za-z]{2}|global)$/, 'an ISO 3166-1 alpha-2 country code, or global')
    .transform((r) => (r === GLOBAL ? GLOBAL : r.toUpperCase()))
    .optional(),
  limit: z.coerce.number().int().min(1).max(CHART_DEPTH).default(20),
});

export interface TrendingChart {
  region: string;
  window: { from: string; to: string };
  limit: number;
  items: { rank: number; streams: number; track: TrackSummary }[];
}

/** A region's stored chart, every entry with its track (null for a track no longer in the catalog). */
export interface StoredChart {
  window: { from: string; to: string };
  entries: { streams: number; track: TrackSummary | null }[];
}

/**
 * A region's chart as the last charts job computed it (compute-trending.ts): the
 * 24 hours up to that run. A region without streams then has an empty chart over
 * the same window; before any run, every chart is empty.
 */
export async function storedChart(env: Env, region: string, now = Date.now()): Promise<StoredChart> {
  const db = shardDb(env, 'CATALOG', CHARTS_SHARD);
  const [windows, entries] = await db.batch([
    db.prepare('SELECT region, window_from, window_to FROM trending_charts WHERE region IN (?1, ?2)').bind(region, GLOBAL),
    db.prepare('SELECT track_id, streams FROM trending_chart_entries WHERE region = ?1 ORDER BY position').bind(region),
  ]);
  const rows = windows!.results as { region: string; window_from: number; window_to: number }[];
  const window = rows.find((w) => w.region === region) ?? rows[0] ?? { window_from: utcHour(now) - 23 * HOUR_MS, window_to: now };
  const top = entries!.results as { track_id: string; streams: number }[];
  const tracks = await loadTrackSummaries(
    env,
    top.map((t) => t.track_id),
  );
  return {
    window: { from: new Date(window.window_from).toISOString(), to: new Date(window.window_to).toISOString() },
    entries: top.map((t) => ({ streams: t.streams, track: tracks.get(t.track_id) ?? null })),
  };
}

/** The top `limit` of a stored chart; a track gone from the catalog leaves its place out, as it always has. */
export function trendingFromChart(region: string, limit: number, chart: StoredChart): TrendingChart {
  const items = chart.entries.slice(0, limit).flatMap((e) => (e.track ? [{ streams: e.streams, track: e.track }] : []));
  return { region, window: chart.window, limit, items: items.map((item, i) => ({ rank: i + 1, ...item })) };
}
