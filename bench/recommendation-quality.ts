// Recommendation quality: a synthetic listening history with planted taste
// clusters, hits every taste plays and noise (bench/lib/taste-clusters.ts); each
// listener's last 10 plays are held out. The item-item similarity the
// recommendations job computes (core/recommendations/similarity.ts, in memory
// here: topNeighbours runs the job's pieces) feeds (a) a listener's
// recommendations (rankRecommendations, core/recommendations/recommend.ts) and (b)
// a radio station seeded from their last play before the hold-out (radioStation,
// core/recommendations/radio.ts), the functions the API serves them with. Each reports recall@20 (held-out tracks they had not played, found in
// the first 20) and catalog coverage (tracks recommended to anyone / catalog),
// against a popularity baseline (the most played tracks they have not played) and
// a random baseline, on the same data in the same run.
//
// --cost also runs the real job on the local platform (wrangler dev, the JOBS
// Workflow, D1 shards on disk) over the same history seeded into listening_events,
// and reports its runtime and D1 rows read/written per 100K listens.
//
//   node bench/recommendation-quality.ts [--listens 100000] [--cost]
import type { Neighbour } from '#core/recommendations/neighbours.ts';
import { radioStation } from '#core/recommendations/radio.ts';
import { rankRecommendations } from '#core/recommendations/recommend.ts';
import { SIMILARITY, topNeighbours } from '#core/recommendations/similarity.ts';
import { seededRandom } from '#core/seeded-random.ts';
import { arg } from './lib/catalog-bench.ts';
import { measureJobCost } from './lib/recommendations-job-cost.ts';
import { holdOut, tasteWorld } from './lib/taste-clusters.ts';

const LISTENS = Number(arg('listens', '100000'));
const AT = 20;

const world = tasteWorld({ listens: LISTENS });
const { train, heldOut } = holdOut(world);
const listens = [...train].flatMap(([userId, plays]) => plays.map((trackId, i) => ({ userId, trackId, plays: 1, lastPlayedAt: i })));

const started = performance.now();
const neighbours = topNeighbours({ listens, playlists: world.playlists, k: SIMILARITY.neighbours });
const similarityMs = performance.now() - started;
const listensOnly = topNeighbours({ listens, k: SIMILARITY.neighbours });

const popularity = new Map<string, number>();
for (const l of listens) popularity.set(l.trackId, (popularity.get(l.trackId) ?? 0) + 1);
const byPopularity = [...popularity].sort((a, b) => b[1] - a[1]).map(([t]) => t);

type Recommender = (user: string, played: Map<string, number>, random: () => number) => string[];
const unplayed = (played: Map<string, number>, list: Iterable<string>) => [...list].filter((t) => !played.has(t));

const popular: Recommender = (_u, played) => unplayed(played, byPopularity).slice(0, AT);
const randomPick: Recommender = (_u, played, random) => {
  const out = new Set<string>();
  while (out.size < AT) {
    const t = world.tracks[Math.floor(random() * world.tracks.length)]!;
    if (!played.has(t)) out.add(t);
  }
  return [...out];
};

function evaluate(recommend: Recommender): { recall: number; coverage: number; ownTaste: number } {
  const random = seededRandom(7);
  const shown = new Set<string>();
  let recall = 0;
  let ownTaste = 0;
  let listed = 0;
  for (const [user, held] of heldOut) {
    const plays = train.get(user)!;
    const played = new Map<string, number>();
    for (const t of plays) played.set(t, (played.get(t) ?? 0) + 1);
    const list = recommend(user, played, random).slice(0, AT);
    for (const t of list) shown.add(t);
    recall += list.filter((t) => held.has(t)).length / Math.min(held.size, AT);
    // The share of the list from a cluster the listener played most.
    const counts = new Map<number, number>();
    for (const t of plays) if (world.clusterOf.get(t)! >= 0) counts.set(world.clusterOf.get(t)!, (counts.get(world.clusterOf.get(t)!) ?? 0) + 1);
    const top = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
    ownTaste += list.filter((t) => world.clusterOf.get(t) === top).length;
    listed += list.length;
  }
  return { recall: recall / heldOut.size, coverage: shown.size / world.tracks.length, ownTaste: ownTaste / Math.max(1, listed) };
}

const NOW = Date.UTC(2026, 11, 1);
const HOUR = 3_600_000;
const lastPlay = (user: string) => train.get(user)!.at(-1)!;
const lookup = (table: Map<string, Neighbour[]>) => (id: string) => table.get(id) ?? [];

/** The listener's history as the API reads it: plays per track, the n-th last play n × 12 hours ago. */
function recommend(user: string, played: Map<string, number>, table: Map<string, Neighbour[]>): string[] {
  const plays = train.get(user)!;
  const last = new Map(plays.map((t, i) => [t, NOW - (plays.length - i) * 12 * HOUR] as const));
  return rankRecommendations({
    history: [...played].map(([trackId, n]) => ({ trackId, plays: n, lastPlayedAt: last.get(trackId)! })),
    saved: [],
    neighbours: lookup(table),
    popularity: (id) => popularity.get(id) ?? 0,
    now: NOW,
    limit: AT,
  });
}

function station(user: string, played: Map<string, number>): string[] {
  return radioStation({
    seeds: [lastPlay(user)],
    neighbours: lookup(neighbours),
    artistOf: (id) => world.artistOf.get(id),
    heard: new Set(played.keys()),
    offset: 0,
    limit: AT,
    seed: 1,
  });
}
const rows = [
  ['recommendations (plays + playlists)', (u: string, played: Map<string, number>) => recommend(u, played, neighbours)],
  ['recommendations (plays only)', (u: string, played: Map<string, number>) => recommend(u, played, listensOnly)],
  ['radio from the last play', station],
  ['baseline: popularity', popular],
  ['baseline: random', randomPick],
] as const;

console.log(
  `\nrecommendation quality: ${listens.length} training listens by ${train.size} listeners, ${world.tracks.length} tracks ` +
    `(${world.clusterOf.size - 40} in 20 taste clusters + 40 hits), ${world.playlists.length} playlists; ` +
    `${heldOut.size} listeners with held-out tracks (last 10 plays, unplayed before)`,
);
console.log(`similarity in memory (topNeighbours, K=${SIMILARITY.neighbours}): ${(similarityMs / 1000).toFixed(2)} s\n`);
console.table(
  rows.map(([name, recommend]) => {
    const r = evaluate(recommend);
    return {
      recommender: name,
      [`recall@${AT}`]: r.recall.toFixed(3),
      coverage: `${(100 * r.coverage).toFixed(1)} %`,
      'own taste': `${(100 * r.ownTaste).toFixed(0)} %`,
    };
  }),
);

if (process.argv.includes('--cost')) await measureJobCost(world);
