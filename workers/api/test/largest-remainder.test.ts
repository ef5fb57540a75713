import { describe, expect, it } from 'vitest';
import { seededRandom } from '#core/seeded-random.ts';
import { largestRemainder } from '../src/royalties/largest-remainder.ts';

describe('largest remainder split', () => {
  it('always adds up to the pool exactly, each share within one unit of its exact value', () => {
    const random = seededRandom(42);
    for (let round = 0; round < 200; round++) {
      const pool = BigInt(Math.floor(random() * 1e12));
      const weights = Array.from({ length: 1 + Math.floor(random() * 60) }, (_, i) => ({ key: `t${i}`, weight: BigInt(Math.floor(random() * 1e6)) }));
      const sum = weights.reduce((a, w) => a + w.weight, 0n);
      if (sum === 0n) continue;
      const shares = largestRemainder(pool, weights);
      expect([...shares.values()].reduce((a, b) => a + b, 0n)).toBe(pool);
      for (const w of weights) {
        const floor = (pool * w.weight) / sum;
        expect(shares.get(w.key)! - floor).toBeGreaterThanOrEqual(0n);
        expect(shares.get(w.key)! - floor).toBeLessThanOrEqual(1n);
      }
    }
  });

  it('breaks ties by key, so the same inputs always give the same statement', () => {
    const shares = largestRemainder(100n, [
      { key: 'c', weight: 1n },
      { key: 'a', weight: 1n },
      { key: 'b', weight: 1n },
    ]);
    expect(Object.fromEntries(shares)).toEqual({ a: 34n, b: 33n, c: 33n });
  });

  it('splits nothing when nothing was streamed', () => {
    expect(Object.fromEntries(largestRemainder(100n, [{ key: 'a', weight: 0n }]))).toEqual({ a: 0n });
  });
});
