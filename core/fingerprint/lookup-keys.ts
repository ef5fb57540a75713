import type { RawFingerprint } from './codec.ts';

/**
 * The keys a fingerprint is indexed and looked up by, so that finding
 * candidates never scans the catalog: the top 20 bits of its sub-fingerprints
 * (the low bits flip first under a lossy codec), most frequent first. A value
 * that holds for many items is a stretch of steady sound, the part a re-encode
 * or a shift in time is least likely to change, and ranking by frequency needs
 * no position, so trimmed or added silence picks the same keys.
 */
export const KEY_BITS = 20;

/** Keys stored per track: the size of its rows in the index. */
export const STORED_KEYS = 32;
/** Keys a lookup asks for: more than are stored, so a re-encode whose ranking shifted a little still meets the original's. */
export const QUERY_KEYS = 64;

/** A candidate must share at least this many keys with the lookup: one alone is chance. */
export const MIN_SHARED_KEYS = 2;

export const keyOf = (item: number): number => item >>> (32 - KEY_BITS);

/** Up to `limit` distinct keys of `fingerprint`, most frequent first (ties: first heard first). */
export function lookupKeys(fingerprint: RawFingerprint, limit: number): number[] {
  const counts = new Map<number, number>();
  for (const item of fingerprint) {
    const key = keyOf(item);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  // Map iteration keeps first-seen order, and the sort is stable.
  return [...counts.entries()]
    .sort((x, y) => y[1] - x[1])
    .slice(0, limit)
    .map(([key]) => key);
}
