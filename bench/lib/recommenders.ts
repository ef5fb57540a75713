// Recommendations and radio over stored neighbours, as the bench scores them.
import type { Neighbour } from '#core/recommendations/similarity.ts';

type Neighbours = Map<string, Neighbour[]>;

/** Candidates from the neighbours of what the listener played, weighted by 1 + ln(plays), minus what they played. */
export function recommendFor(played: Map<string, number>, neighbours: Neighbours, limit: number): string[] {
  const score = new Map<string, number>();
  for (const [track, plays] of played) {
    for (const n of neighbours.get(track) ?? []) {
      if (!played.has(n.neighbourId)) score.set(n.neighbourId, (score.get(n.neighbourId) ?? 0) + (1 + Math.log(plays)) * n.score);
    }
  }
  return [...score]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([t]) => t);
}

/** A station: the seed's neighbours, then theirs (half weight), played tracks pushed behind the unplayed. */
export function stationFrom(seed: string, played: Map<string, number>, neighbours: Neighbours, limit: number): string[] {
  const score = new Map<string, number>();
  for (const n of neighbours.get(seed) ?? []) {
    score.set(n.neighbourId, (score.get(n.neighbourId) ?? 0) + n.score);
    for (const m of (neighbours.get(n.neighbourId) ?? []).slice(0, 10)) score.set(m.neighbourId, (score.get(m.neighbourId) ?? 0) + 0.5 * n.score * m.score);
  }
  score.delete(seed);
  return [...score]
    .sort((a, b) => Number(played.has(a[0])) - Number(played.has(b[0])) || b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, limit)
    .map(([t]) => t);
}
