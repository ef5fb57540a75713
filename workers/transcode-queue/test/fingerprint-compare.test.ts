import { describe, expect, it } from 'vitest';
import { fingerprintFromBase64, fingerprintFromBytes, fingerprintToBase64, fingerprintToBytes } from '#core/fingerprint/codec.ts';
import { bestAlignment, DEFAULT_MATCH_RULE, isFeatureless, matchFingerprints, popcount } from '#core/fingerprint/compare.ts';
import { keyOf, lookupKeys } from '#core/fingerprint/lookup-keys.ts';
import { randomFingerprint } from '../../../test/support/random-fingerprint.ts';

/** Flips `bitsPerItem` distinct bits of every sub-fingerprint, as a lossy re-encode would flip some. */
function withBitErrors(fingerprint: Uint32Array, bitsPerItem: number): Uint32Array {
  return fingerprint.map((item, i) => {
    let flipped = item;
    for (let b = 0; b < bitsPerItem; b++) flipped ^= 1 << ((i * 7 + b * 5) % 32);
    return flipped >>> 0;
  });
}

describe('acoustic fingerprint comparison', () => {
  it('counts the bits of a word', () => {
    expect([0, 1, 0xff, 0x80000000, 0xffffffff, 0x55555555].map(popcount)).toEqual([0, 1, 8, 1, 32, 16]);
  });

  it('round-trips a fingerprint through its stored bytes and its base64', () => {
    const fp = randomFingerprint(300, 7);
    expect(fingerprintFromBytes(fingerprintToBytes(fp))).toEqual(fp);
    expect(fingerprintFromBase64(fingerprintToBase64(fp))).toEqual(fp);
    expect([...fingerprintToBytes(Uint32Array.of(0x01020304))]).toEqual([4, 3, 2, 1]);
  });

  it('matches the same audio at offset 0 with no bit errors', () => {
    const fp = randomFingerprint(400, 1);
    expect(matchFingerprints(fp, fp)).toEqual({ offset: 0, overlap: 400, bitErrorRate: 0 });
  });

  it('finds the offset of a copy that lost its first seconds or gained leading silence', () => {
    const original = randomFingerprint(400, 2);
    const trimmed = original.slice(16);
    expect(matchFingerprints(original, trimmed)).toMatchObject({ offset: 16, overlap: 384, bitErrorRate: 0 });
    const padded = new Uint32Array(416);
    padded.set(randomFingerprint(16, 99));
    padded.set(original, 16);
    expect(matchFingerprints(original, padded)).toMatchObject({ offset: -16, overlap: 400, bitErrorRate: 0 });
  });

  it('matches under the bit error rate threshold and not above it', () => {
    const original = randomFingerprint(400, 3);
    // 7 of 32 bits is a rate of 0.22; 9 is 0.28, over the threshold of 0.25.
    expect(matchFingerprints(original, withBitErrors(original.slice(10), 7))).toMatchObject({ offset: 10, bitErrorRate: 7 / 32 });
    expect(DEFAULT_MATCH_RULE.maxBitErrorRate).toBe(0.25);
    expect(matchFingerprints(original, withBitErrors(original, 9))).toBeNull();
    expect(bestAlignment(original, withBitErrors(original, 9))?.bitErrorRate).toBeCloseTo(9 / 32, 5);
  });

  it('does not match unrelated audio', () => {
    const a = randomFingerprint(400, 4);
    const b = randomFingerprint(400, 5);
    const best = bestAlignment(a, b);
    expect(best!.bitErrorRate).toBeGreaterThan(0.4);
    expect(matchFingerprints(a, b)).toBeNull();
  });

  it('needs enough overlap: a match shorter than the rule allows is none', () => {
    const original = randomFingerprint(400, 6);
    const snippet = original.slice(0, DEFAULT_MATCH_RULE.minOverlap - 1);
    expect(bestAlignment(original, snippet)).toBeNull();
    expect(matchFingerprints(original, original.slice(0, DEFAULT_MATCH_RULE.minOverlap))).not.toBeNull();
  });

  it('needs the overlap to cover most of the shorter fingerprint, so a sliver at a far offset is no match', () => {
    const original = randomFingerprint(200, 10);
    // b's first 100 items are a's last 100: an overlap of half of each, offset 100.
    const b = new Uint32Array(200);
    b.set(original.slice(100));
    b.set(randomFingerprint(100, 11), 100);
    const wide = { ...DEFAULT_MATCH_RULE, maxOffset: 150 };
    expect(matchFingerprints(original, b, { ...wide, minOverlapShare: 0.4 })).toMatchObject({ offset: 100, overlap: 100, bitErrorRate: 0 });
    expect(matchFingerprints(original, b, wide)).toBeNull();
  });

  it('never matches silence or a steady tone: such audio names no recording', () => {
    const tone = new Uint32Array(400).fill(558758263);
    expect(isFeatureless(tone)).toBe(true);
    expect(matchFingerprints(tone, tone)).toBeNull();
    expect(isFeatureless(randomFingerprint(400, 8))).toBe(false);
  });

  it('picks lookup keys by how often they occur, so a shift in time keeps them', () => {
    const steady = randomFingerprint(20, 9);
    // Each value held for a while, like notes: value i for i + 1 items.
    const held = Uint32Array.from([...steady].flatMap((v, i) => Array.from({ length: i + 1 }, () => v)));
    const keys = lookupKeys(held, 5);
    expect(keys).toEqual([19, 18, 17, 16, 15].map((i) => keyOf(steady[i]!)));
    expect(lookupKeys(held.slice(7), 5)).toEqual(keys);
    expect(keys.every((k) => k >= 0 && k < 2 ** 20)).toBe(true);
  });
});
