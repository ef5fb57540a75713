// Shuffle evenness: the longest run of one artist in 1,000 shuffles of a
// 100-track queue by 10 artists (listed artist by artist, the worst case),
// for the session's spread shuffle and, as the baseline, a plain Fisher–Yates
// shuffle over the same seeds in the same run. A second, uneven queue (one
// artist has 40 of the 100 tracks) shows the clumping no shuffle can avoid.
//
//   node bench/shuffle-evenness.ts [--shuffles 1000]
import { seededRandom } from '#core/seeded-random.ts';
import { fisherYates, longestArtistRun, spreadShuffle } from '#core/artist-spread.ts';
import { percentile } from './lib/stats.ts';

const shuffles = Number(process.argv[process.argv.indexOf('--shuffles') + 1] || 1000) || 1000;
const ARTISTS = 10;
const PER_ARTIST = 10;

interface Track {
  id: number;
  artist: string;
}
/** A queue listed artist by artist, `sizes[a]` tracks by artist a. */
const queueOf = (sizes: number[]): Track[] => sizes.flatMap((n, a) => Array.from({ length: n }, () => `artist-${a}`)).map((artist, id) => ({ id, artist }));
const artistOf = (t: Track) => t.artist;

/** Adjacent pairs by the same artist: 0 means the artist changes at every track. */
function sameArtistNeighbours(items: Track[]): number {
  let n = 0;
  for (let i = 1; i < items.length; i++) if (items[i]!.artist === items[i - 1]!.artist) n++;
  return n;
}

function measure(name: string, queue: Track[], shuffle: (seed: number) => Track[]) {
  const runs: number[] = [];
  const neighbours: number[] = [];
  const started = performance.now();
  for (let seed = 1; seed <= shuffles; seed++) {
    const order = shuffle(seed);
    if (new Set(order.map((t) => t.id)).size !== queue.length) throw new Error(`${name} lost or duplicated a track`);
    runs.push(longestArtistRun(order, artistOf));
    neighbours.push(sameArtistNeighbours(order));
  }
  const elapsed = performance.now() - started;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    shuffle: name,
    'longest run: mean': mean(runs).toFixed(2),
    p50: percentile(runs, 50),
    p99: percentile(runs, 99),
    max: Math.max(...runs),
    'same-artist neighbours (mean)': mean(neighbours).toFixed(2),
    'µs per shuffle': ((elapsed * 1000) / shuffles).toFixed(1),
  };
}

const both = (label: string, queue: Track[]) => [
  measure(`${label}: spread (session)`, queue, (seed) => spreadShuffle(queue, artistOf, seed)),
  measure(`${label}: Fisher–Yates (baseline)`, queue, (seed) => fisherYates(queue, seededRandom(seed))),
];
console.log(`${shuffles} shuffles (seeds 1..${shuffles}) of 100-track queues`);
console.table([
  ...both(`${ARTISTS}×${PER_ARTIST}`, queueOf(Array(ARTISTS).fill(PER_ARTIST))),
  ...both('uneven 40/20/10/10/5/5/4/3/2/1', queueOf([40, 20, 10, 10, 5, 5, 4, 3, 2, 1])),
]);
