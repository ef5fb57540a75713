import { seededRandom } from '../../core/seeded-random.ts';

/** A fingerprint of `length` pseudo-random sub-fingerprints, the same for the same seed: unrelated audio, as far as the comparator can tell. */
export function randomFingerprint(length: number, seed: number): Uint32Array {
  const random = seededRandom(seed);
  return Uint32Array.from({ length }, () => Math.floor(random() * 2 ** 32) >>> 0);
}
