import { type RawFingerprint, SECONDS_PER_ITEM } from './codec.ts';

/**
 * Whether two fingerprints are the same recording: slide one over the other
 * (a re-encode may have gained or lost leading silence, or its first seconds),
 * and at the best offset count the differing bits of the overlapping 32-bit
 * sub-fingerprints. Chromaprint's bits of unrelated audio differ about half the
 * time; the same recording through a lossy codec, shifted or cut, stays far
 * below that (the README, "Acoustic fingerprints and held uploads", has the measured spread).
 */
export interface Alignment {
  /** Items `b` is shifted by against `a`: a positive offset means `b[i]` lines up with `a[i + offset]`. */
  offset: number;
  /** Sub-fingerprints compared at that offset. */
  overlap: number;
  /** Share of differing bits over the overlap, 0..1. */
  bitErrorRate: number;
}

export interface MatchRule {
  /** Above this bit error rate the audio is different. */
  maxBitErrorRate: number;
  /** Fewer sub-fingerprints than this in common is too little to call a match. */
  minOverlap: number;
  /**
   * The overlap must also cover this share of the shorter fingerprint. A copy shifted in time
   * overlaps the original almost whole; a sliver of overlap at a far offset is where two
   * different tunes in the same key and tempo come closest by chance.
   */
  minOverlapShare: number;
  /** How far (in items) the offset search goes either way. */
  maxOffset: number;
}

/**
 * 0.25 rather than the 0.35 often quoted for Chromaprint: in bench/fingerprint-accuracy.ts
 * re-encodes down to 24 kb/s Opus and copies shifted or cut by up to 10 s stay under 0.04,
 * while distinct tunes in one key and tempo came as close as 0.346, so 0.35 let them match.
 */
export const DEFAULT_MATCH_RULE: MatchRule = {
  maxBitErrorRate: 0.25,
  minOverlap: Math.round(8 / SECONDS_PER_ITEM),
  minOverlapShare: 0.75,
  maxOffset: Math.round(20 / SECONDS_PER_ITEM),
};

/** Set bits of a 32-bit word. */
export function popcount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** The offset with the lowest bit error rate among those that overlap enough (`rule`); null when none does. */
export function bestAlignment(a: RawFingerprint, b: RawFingerprint, rule: MatchRule = DEFAULT_MATCH_RULE): Alignment | null {
  let best: Alignment | null = null;
  const minOverlap = Math.max(rule.minOverlap, Math.ceil(rule.minOverlapShare * Math.min(a.length, b.length)));
  for (let offset = -rule.maxOffset; offset <= rule.maxOffset; offset++) {
    const start = Math.max(0, -offset);
    const end = Math.min(b.length, a.length - offset);
    const overlap = end - start;
    if (overlap < minOverlap) continue;
    let errors = 0;
    for (let i = start; i < end; i++) errors += popcount((a[i + offset]! ^ b[i]!) >>> 0);
    const bitErrorRate = errors / (overlap * 32);
    if (!best || bitErrorRate < best.bitErrorRate) best = { offset, overlap, bitErrorRate };
  }
  return best;
}

/** The alignment when `a` and `b` are the same recording under `rule`, else null. */
export function matchFingerprints(a: RawFingerprint, b: RawFingerprint, rule: MatchRule = DEFAULT_MATCH_RULE): Alignment | null {
  if (isFeatureless(a) || isFeatureless(b)) return null;
  const best = bestAlignment(a, b, rule);
  return best && best.bitErrorRate <= rule.maxBitErrorRate ? best : null;
}

/**
 * Silence or one steady tone fingerprints as a handful of repeated values,
 * which anything else of the kind matches: such audio says nothing about
 * which recording it is, so it never matches.
 */
export function isFeatureless(fingerprint: RawFingerprint): boolean {
  return new Set(fingerprint).size < 8;
}
