import { describe, expect, it } from 'vitest';
import { seededRandom } from '#core/seeded-random.ts';
import { fisherYates, longestArtistRun, spreadShuffle } from '#core/artist-spread.ts';

interface Track {
  id: number;
  artist: string;
}
const artistOf = (t: Track) => t.artist;
/** Listed artist by artist: the clumped order a shuffle has to break up. */
const queueOf = (sizes: number[]): Track[] => sizes.flatMap((n, a) => Array.from({ length: n }, () => `artist-${a}`)).map((artist, id) => ({ id, artist }));
const tenByTen = queueOf(Array(10).fill(10));
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('spread shuffle', () => {
  it('is a permutation of its input and leaves the input alone', () => {
    const input = queueOf([3, 5, 1, 7]);
    const copy = structuredClone(input);
    const out = spreadShuffle(input, artistOf, 7);
    expect(input).toEqual(copy);
    expect(out).toHaveLength(input.length);
    expect(out.map((t) => t.id).sort((a, b) => a - b)).toEqual(input.map((t) => t.id));
    expect(spreadShuffle([], artistOf, 1)).toEqual([]);
  });

  it('is deterministic for a seed, and different seeds give different orders', () => {
    const a = spreadShuffle(tenByTen, artistOf, 12345).map((t) => t.id);
    expect(spreadShuffle(tenByTen, artistOf, 12345).map((t) => t.id)).toEqual(a);
    const orders = new Set(
      Array.from({ length: 50 }, (_, seed) =>
        spreadShuffle(tenByTen, artistOf, seed)
          .map((t) => t.id)
          .join(','),
      ),
    );
    expect(orders.size).toBe(50);
    expect(a).not.toEqual(tenByTen.map((t) => t.id));
  });

  it('never plays an artist twice in a row on a 10×10 queue over 1,000 seeds, where Fisher–Yates often does', () => {
    const spread = Array.from({ length: 1000 }, (_, seed) => longestArtistRun(spreadShuffle(tenByTen, artistOf, seed), artistOf));
    const plain = Array.from({ length: 1000 }, (_, seed) => longestArtistRun(fisherYates(tenByTen, seededRandom(seed)), artistOf));
    expect(Math.max(...spread)).toBe(1);
    expect(mean(plain)).toBeGreaterThan(2);
    expect(Math.max(...plain)).toBeGreaterThanOrEqual(4);
  });

  it('spreads a dominant artist as evenly as the queue allows', () => {
    // 40 of 100 tracks by one artist: some back-to-back plays are unavoidable, long runs are not.
    const uneven = queueOf([40, 20, 10, 10, 5, 5, 4, 3, 2, 1]);
    const runs = Array.from({ length: 300 }, (_, seed) => longestArtistRun(spreadShuffle(uneven, artistOf, seed), artistOf));
    const plain = Array.from({ length: 300 }, (_, seed) => longestArtistRun(fisherYates(uneven, seededRandom(seed)), artistOf));
    expect(Math.max(...runs)).toBeLessThanOrEqual(3);
    expect(mean(runs)).toBeLessThan(mean(plain) - 1);
  });

  it('gives each artist tracks in every part of the queue', () => {
    const out = spreadShuffle(tenByTen, artistOf, 99);
    // Every window of 10 consecutive tracks holds at least 8 different artists.
    for (let i = 0; i + 10 <= out.length; i++) expect(new Set(out.slice(i, i + 10).map(artistOf)).size).toBeGreaterThanOrEqual(8);
  });

  it('seededRandom is reproducible and stays in [0, 1)', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(mean(xs)).toBeCloseTo(0.5, 1);
  });
});
