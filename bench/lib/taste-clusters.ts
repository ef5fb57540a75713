// A synthetic listening history with planted tastes: tracks in clusters (a
// cluster's tracks played unevenly, Zipf-like), a few hits every taste plays, and
// noise. Each listener has a taste (a fifth of them a second one) and plays in
// time order; their last plays are held out as what a recommender should find.
import { seededRandom } from '#core/seeded-random.ts';

export interface TasteWorld {
  tracks: string[];
  /** The cluster of each track; -1 for the hits. */
  clusterOf: Map<string, number>;
  /** Ten tracks an artist within a cluster; each hit its own artist. */
  artistOf: Map<string, string>;
  /** Per listener, their plays in time order. */
  histories: Map<string, string[]>;
  playlists: string[][];
}

export interface TasteOptions {
  listens: number;
  clusters?: number;
  tracksPerCluster?: number;
  hits?: number;
  playsPerListener?: number;
  playlists?: number;
  seed?: number;
}

export function tasteWorld(o: TasteOptions): TasteWorld {
  const { clusters = 20, tracksPerCluster = 100, hits = 40, playsPerListener = 50, playlists = 500, seed = 16 } = o;
  const random = seededRandom(seed);
  const clusterTracks = Array.from({ length: clusters }, (_, c) => Array.from({ length: tracksPerCluster }, (_, i) => `c${c}-t${i}`));
  const hitTracks = Array.from({ length: hits }, (_, i) => `hit-${i}`);
  const tracks = [...clusterTracks.flat(), ...hitTracks];
  const clusterOf = new Map<string, number>([...clusterTracks.flatMap((ts, c) => ts.map((t) => [t, c] as const)), ...hitTracks.map((t) => [t, -1] as const)]);
  const artistOf = new Map<string, string>([
    ...clusterTracks.flatMap((ts, c) => ts.map((t, i) => [t, `c${c}-a${Math.floor(i / 10)}`] as const)),
    ...hitTracks.map((t) => [t, `${t}-artist`] as const),
  ]);
  // Zipf-like within a cluster: track i is picked with weight 1/(i+1)^0.8.
  const zipf = cumulative(Array.from({ length: tracksPerCluster }, (_, i) => 1 / (i + 1) ** 0.8));
  const hitZipf = cumulative(Array.from({ length: hits }, (_, i) => 1 / (i + 1)));
  const pickCluster = (c: number) => clusterTracks[c]![pick(zipf, random())]!;

  const histories = new Map<string, string[]>();
  for (let u = 0; histories.size * playsPerListener < o.listens; u++) {
    const taste = Math.floor(random() * clusters);
    const second = random() < 0.2 ? Math.floor(random() * clusters) : taste;
    const n = Math.max(5, Math.round(playsPerListener * (0.3 + 1.4 * random())));
    const plays: string[] = [];
    for (let p = 0; p < n; p++) {
      const r = random();
      if (r < 0.65) plays.push(pickCluster(random() < 0.75 ? taste : second));
      else if (r < 0.85) plays.push(hitTracks[pick(hitZipf, random())]!);
      else plays.push(tracks[Math.floor(random() * tracks.length)]!);
    }
    histories.set(`u${u}`, plays);
  }
  const lists = Array.from({ length: playlists }, () => {
    const c = Math.floor(random() * clusters);
    return Array.from({ length: 15 + Math.floor(random() * 20) }, () => (random() < 0.85 ? pickCluster(c) : hitTracks[pick(hitZipf, random())]!));
  });
  return { tracks, clusterOf, artistOf, histories, playlists: lists };
}

export interface Split {
  /** Per listener, the plays before the held-out ones. */
  train: Map<string, string[]>;
  /** Per listener, the distinct held-out tracks they had not played before. */
  heldOut: Map<string, Set<string>>;
}

/** Holds out each listener's last `last` plays; a listener whose held-out tracks are all replays has nothing to find. */
export function holdOut(world: TasteWorld, last = 10): Split {
  const train = new Map<string, string[]>();
  const heldOut = new Map<string, Set<string>>();
  for (const [user, plays] of world.histories) {
    const before = plays.slice(0, -last);
    const seen = new Set(before);
    train.set(user, before);
    const fresh = new Set(plays.slice(-last).filter((t) => !seen.has(t)));
    if (fresh.size > 0) heldOut.set(user, fresh);
  }
  return { train, heldOut };
}

function cumulative(weights: number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let run = 0;
  return weights.map((w) => (run += w / total));
}

function pick(cdf: number[], r: number): number {
  let lo = 0;
  let hi = cdf.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cdf[mid]! < r) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
