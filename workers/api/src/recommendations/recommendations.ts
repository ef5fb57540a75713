import { loadTracks } from '#core/catalog/reads.ts';
import { trackSummary } from '#core/catalog/views.ts';
import type { TrackSummary } from '#core/protocol/catalog-views.ts';
import type { Neighbour } from '#core/recommendations/neighbours.ts';
import { rankRecommendations, seedWeight } from '#core/recommendations/recommend.ts';
import { listenerTaste } from './listener-taste.ts';
import { readNeighbours } from './neighbour-reads.ts';
import { popularTrackIds } from './popular-tracks.ts';

/** Seeds whose neighbour lists are read: the listener's strongest plays and latest saves. */
const PLAYED_SEEDS = 100;
const SAVED_SEEDS = 50;
/** Candidates ranked on taste alone before their popularity is read; popularity only reorders within these. */
const SHORTLIST_FACTOR = 5;

/**
 * Up to `limit` ready tracks for a listener that they have not played (in the
 * taste window) or saved, best first: rankRecommendations over their history
 * and library, filled up from what is popular when their taste gives too few
 * (a new listener gets the popular tracks alone).
 */
export async function recommendedTracks(env: Env, userId: string, limit: number, now = Date.now()): Promise<TrackSummary[]> {
  const taste = await listenerTaste(env, userId, now);
  const strongest = [...taste.history]
    .sort((a, b) => seedWeight(b.plays, b.lastPlayedAt, now) - seedWeight(a.plays, a.lastPlayedAt, now))
    .slice(0, PLAYED_SEEDS)
    .map((h) => h.trackId);
  const lists = await readNeighbours(env, [...strongest, ...taste.saved.slice(0, SAVED_SEEDS)]);
  const rank = (neighbours: (id: string) => readonly Neighbour[], popularity: (id: string) => number, n: number) =>
    rankRecommendations({ history: taste.history, saved: taste.saved, neighbours, popularity, now, limit: n });

  const shortlist = rank(
    (id) => lists.get(id) ?? [],
    () => 0,
    limit * SHORTLIST_FACTOR,
  );
  const records = await loadTracks(env, shortlist);
  const ready = new Set(shortlist.filter((id) => records.get(id)?.status === 'ready'));
  const ranked = rank(
    (id) => (lists.get(id) ?? []).filter((n) => ready.has(n.neighbourId)),
    (id) => records.get(id)?.popularity ?? 0,
    limit,
  );
  const known = new Set([...taste.history.map((h) => h.trackId), ...taste.saved, ...ranked]);
  const filler = ranked.length < limit ? await popularTrackIds(env, limit - ranked.length, known) : [];
  const fillerRecords = filler.length ? await loadTracks(env, filler) : new Map();
  return [...ranked, ...filler].flatMap((id) => {
    const t = records.get(id) ?? fillerRecords.get(id);
    return t ? [trackSummary(t)] : [];
  });
}
