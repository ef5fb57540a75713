/**
 * Shuffle that spreads each artist across the queue instead of letting a plain
 * random permutation clump them: every artist's tracks are spaced evenly over
 * [0, 1) from a random start, nudged by a little jitter, and the queue is the
 * merge of all artists by that position. Deterministic for a given seed.
 */
import { seededRandom } from '#core/seeded-random.ts';

/** Plain Fisher–Yates; the baseline the spread shuffle is measured against. */
export function fisherYates<T>(items: readonly T[], random: () => number): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** How far (as a share of an artist's spacing) a track may drift from its even slot. */
const JITTER = 0.2;

export function spreadShuffle<T>(items: readonly T[], artistOf: (item: T) => string, seed: number): T[] {
  const random = seededRandom(seed);
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = artistOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  const placed: { item: T; at: number; tie: number }[] = [];
  // Map iteration follows first appearance, so the result depends only on input order and seed.
  for (const group of groups.values()) {
    const spacing = 1 / group.length;
    const start = random() * spacing;
    fisherYates(group, random).forEach((item, i) => {
      const jitter = (random() - 0.5) * JITTER * spacing;
      placed.push({ item, at: start + i * spacing + jitter, tie: random() });
    });
  }
  placed.sort((a, b) => a.at - b.at || a.tie - b.tie);
  return placed.map((p) => p.item);
}

/** Longest run of consecutive items by the same artist: 1 means no artist ever plays twice in a row. */
export function longestArtistRun<T>(items: readonly T[], artistOf: (item: T) => string): number {
  let longest = 0;
  let run = 0;
  let previous: string | undefined;
  for (const item of items) {
    const artist = artistOf(item);
    run = artist === previous ? run + 1 : 1;
    previous = artist;
    longest = Math.max(longest, run);
  }
  return longest;
}
