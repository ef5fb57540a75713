/**
 * Item-item similarity, pure (no I/O). Every source (a listener, a playlist) is a
 * sparse vector over tracks; two tracks are similar when the same sources hold
 * them. The score is cosine damped for popularity and shrunk for thin support:
 *
 *   score(a, b) = Σ_s w_sa·w_sb / (|a|^α · |b|^(1−α)) · n_ab / (n_ab + λ)
 *
 * where |a| is a's vector norm and n_ab how many sources hold both. With α < ½ a
 * popular b (large |b|) is pushed down a's list more than plain cosine does.
 * The recommendations job (workers/api/src/recommendations/) runs these pieces
 * page by page over the shards; topNeighbours runs them in memory (the bench).
 */
import type { Neighbour } from './neighbours.ts';

export const SIMILARITY = {
  /** Neighbours kept per track (track_neighbours ranks 0..K-1). */
  neighbours: 50,
  /** A source counts its most recent distinct tracks only, so a heavy listener adds at most ~C(100,2) pairs. */
  tracksPerSource: 100,
  /** A playlist's weight per track, beside a listener's 1 + ln(plays). */
  playlistWeight: 1,
  alpha: 0.3,
  shrinkage: 2,
  /** The strongest co-occurrences by raw sum that are scored per track; the rest are never ranked. */
  candidates: 200,
} as const;

export interface TrackPlays {
  trackId: string;
  plays: number;
  lastPlayedAt: number;
}

export interface SourceTrack {
  trackId: string;
  weight: number;
}

/** A listener's vector: their most recent distinct tracks, each weighted 1 + ln(plays). */
export function listenerVector(plays: TrackPlays[], cap: number = SIMILARITY.tracksPerSource): SourceTrack[] {
  return [...plays]
    .filter((p) => p.plays > 0)
    .sort((x, y) => y.lastPlayedAt - x.lastPlayedAt || (x.trackId < y.trackId ? -1 : 1))
    .slice(0, cap)
    .map((p) => ({ trackId: p.trackId, weight: 1 + Math.log(p.plays) }));
}

/** A playlist's vector: its first distinct tracks in order, each the playlist weight. */
export function playlistVector(trackIds: readonly string[], cap: number = SIMILARITY.tracksPerSource): SourceTrack[] {
  return [...new Set(trackIds)].slice(0, cap).map((trackId) => ({ trackId, weight: SIMILARITY.playlistWeight }));
}

export interface PairSum {
  weight: number;
  sources: number;
}

export interface TrackSum {
  norm2: number;
  sources: number;
}

/** Sums over sources, both directions of each pair: what a page of sources adds to the staging tables. */
export class PairSums {
  readonly pairs = new Map<string, Map<string, PairSum>>();
  readonly tracks = new Map<string, TrackSum>();
  /** Directed pairs held (the page's write size). */
  size = 0;

  add(vector: readonly SourceTrack[]): void {
    for (const a of vector) {
      const track = this.tracks.get(a.trackId) ?? { norm2: 0, sources: 0 };
      track.norm2 += a.weight * a.weight;
      track.sources += 1;
      this.tracks.set(a.trackId, track);
      const row = this.pairs.get(a.trackId) ?? new Map<string, PairSum>();
      this.pairs.set(a.trackId, row);
      for (const b of vector) {
        if (b.trackId === a.trackId) continue;
        const pair = row.get(b.trackId);
        if (pair) {
          pair.weight += a.weight * b.weight;
          pair.sources += 1;
        } else {
          row.set(b.trackId, { weight: a.weight * b.weight, sources: 1 });
          this.size += 1;
        }
      }
    }
  }
}

export interface Candidate extends PairSum {
  otherId: string;
  /** The other track's norm², from its own shard. */
  otherNorm2: number;
}

/** The order the job's SQL picks candidates in: raw sum, then id. */
export function strongestCandidates<T extends PairSum & { otherId: string }>(row: T[], n: number = SIMILARITY.candidates): T[] {
  return [...row].sort((x, y) => y.weight - x.weight || (x.otherId < y.otherId ? -1 : 1)).slice(0, n);
}

/** A track's top-k neighbours among its candidates, most similar first. */
export function scoreNeighbours(norm2: number, candidates: readonly Candidate[], k: number = SIMILARITY.neighbours): Neighbour[] {
  const { alpha, shrinkage } = SIMILARITY;
  const own = Math.sqrt(norm2) ** alpha;
  return candidates
    .filter((c) => c.otherNorm2 > 0 && c.weight > 0)
    .map((c) => ({
      neighbourId: c.otherId,
      score: (c.weight / (own * Math.sqrt(c.otherNorm2) ** (1 - alpha))) * (c.sources / (c.sources + shrinkage)),
    }))
    .sort((x, y) => y.score - x.score || (x.neighbourId < y.neighbourId ? -1 : 1))
    .slice(0, k);
}

export interface Listen {
  userId: string;
  trackId: string;
  plays: number;
  /** Later is more recent; without it, a listener's later entries are the more recent. */
  lastPlayedAt?: number;
}

/** Every track's neighbours from listens and playlists in one go, through the job's pieces. */
export function topNeighbours(input: { listens: readonly Listen[]; playlists?: readonly (readonly string[])[]; k?: number }): Map<string, Neighbour[]> {
  const byListener = new Map<string, TrackPlays[]>();
  input.listens.forEach((l, i) => {
    const list = byListener.get(l.userId) ?? [];
    list.push({ trackId: l.trackId, plays: l.plays, lastPlayedAt: l.lastPlayedAt ?? i });
    byListener.set(l.userId, list);
  });
  const sums = new PairSums();
  for (const plays of byListener.values()) sums.add(listenerVector(mergePlays(plays)));
  for (const playlist of input.playlists ?? []) sums.add(playlistVector(playlist));

  const out = new Map<string, Neighbour[]>();
  for (const [trackId, row] of sums.pairs) {
    const candidates = strongestCandidates([...row].map(([otherId, pair]) => ({ otherId, ...pair })));
    const scored = candidates.map((c) => ({ ...c, otherNorm2: sums.tracks.get(c.otherId)?.norm2 ?? 0 }));
    out.set(trackId, scoreNeighbours(sums.tracks.get(trackId)!.norm2, scored, input.k));
  }
  return out;
}

/** One entry per track: plays summed, the latest play kept. */
function mergePlays(plays: TrackPlays[]): TrackPlays[] {
  const merged = new Map<string, TrackPlays>();
  for (const p of plays) {
    const seen = merged.get(p.trackId);
    merged.set(p.trackId, seen ? { trackId: p.trackId, plays: seen.plays + p.plays, lastPlayedAt: Math.max(seen.lastPlayedAt, p.lastPlayedAt) } : { ...p });
  }
  return [...merged.values()];
}
