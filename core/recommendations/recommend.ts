/**
 * Recommendations for one listener, pure: every track they played or saved is
 * a seed weighted by how much and how lately they played it; a candidate's
 * affinity is the seeds' weights times its similarity to them, summed. What
 * they played (or already saved) is never a candidate. The final order blends
 * that affinity with the candidate's popularity, so a tie between niche and
 * loved tracks goes to the loved one without popularity drowning taste.
 */
import type { NeighbourLookup } from './neighbours.ts';

export interface ListeningSeed {
  trackId: string;
  plays: number;
  lastPlayedAt: number;
}

export interface RecommendationInput {
  history: readonly ListeningSeed[];
  saved: readonly string[];
  neighbours: NeighbourLookup;
  popularity: (trackId: string) => number;
  now: number;
  limit: number;
}

const DAY_MS = 86_400_000;
/** A play a fortnight old counts half as much as one today. */
export const RECENCY_HALF_LIFE_MS = 14 * DAY_MS;
/** A saved track counts like a couple of plays a while back: a statement of taste, not a habit. */
const SAVED_WEIGHT = 0.5;
/** Share of the final score given to popularity; the rest is the listener's affinity. */
const POPULARITY_BLEND = 0.15;

/** How much one seed speaks for the listener's taste now. */
export function seedWeight(plays: number, lastPlayedAt: number, now: number): number {
  const age = Math.max(0, now - lastPlayedAt);
  return Math.log1p(Math.max(0, plays)) * 0.5 ** (age / RECENCY_HALF_LIFE_MS);
}

export function rankRecommendations(input: RecommendationInput): string[] {
  const limit = Math.max(0, Math.floor(input.limit));
  if (limit === 0) return [];
  const seeds = new Map<string, number>();
  for (const h of input.history) seeds.set(h.trackId, (seeds.get(h.trackId) ?? 0) + seedWeight(h.plays, h.lastPlayedAt, input.now));
  for (const id of input.saved) seeds.set(id, (seeds.get(id) ?? 0) + SAVED_WEIGHT);

  const known = new Set([...input.history.map((h) => h.trackId), ...input.saved]);
  const affinity = new Map<string, number>();
  for (const [seedId, weight] of seeds) {
    if (weight <= 0) continue;
    for (const n of input.neighbours(seedId)) {
      if (known.has(n.neighbourId) || !(n.score > 0)) continue;
      affinity.set(n.neighbourId, (affinity.get(n.neighbourId) ?? 0) + weight * n.score);
    }
  }
  if (affinity.size === 0) return [];

  const maxAffinity = Math.max(...affinity.values());
  const popularity = new Map([...affinity.keys()].map((id) => [id, Math.log1p(Math.max(0, input.popularity(id)))]));
  const maxPopularity = Math.max(...popularity.values()) || 1;
  const scored = [...affinity].map(([id, a]) => ({
    id,
    score: (1 - POPULARITY_BLEND) * (a / maxAffinity) + POPULARITY_BLEND * (popularity.get(id)! / maxPopularity),
  }));
  scored.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return scored.slice(0, limit).map((s) => s.id);
}
