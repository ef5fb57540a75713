/**
 * Splits `total` integer units over weights in proportion, exactly: each share is
 * floor(total × weight ÷ Σweights), then the units left over go one each to the
 * shares with the largest remainders (ties: the lower key first). The shares add
 * up to `total` whenever some weight is positive; with no weight, nothing is split.
 * BigInt throughout, so pool × streams cannot lose precision.
 */
export function largestRemainder(total: bigint, weights: { key: string; weight: bigint }[]): Map<string, bigint> {
  const sum = weights.reduce((acc, w) => acc + w.weight, 0n);
  const shares = new Map<string, bigint>();
  if (sum === 0n) {
    for (const w of weights) shares.set(w.key, 0n);
    return shares;
  }
  const parts = weights.map((w) => ({ key: w.key, floor: (total * w.weight) / sum, remainder: (total * w.weight) % sum }));
  let leftover = total - parts.reduce((acc, p) => acc + p.floor, 0n);
  parts.sort((a, b) => (a.remainder === b.remainder ? (a.key < b.key ? -1 : 1) : a.remainder > b.remainder ? -1 : 1));
  for (const p of parts) {
    const extra = leftover > 0n ? 1n : 0n;
    leftover -= extra;
    shares.set(p.key, p.floor + extra);
  }
  return shares;
}

export const ROUNDING_RULE =
  'largest_remainder: each track gets floor(pool × track streams ÷ total streams) minor units; the units left over go one each ' +
  'to the tracks with the largest remainders (ties: lower track id first), so the tracks of all artists add up to the pool exactly ' +
  'and an artist is paid the sum of their tracks.';
