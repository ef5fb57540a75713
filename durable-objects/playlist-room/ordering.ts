/**
 * Order keys: reals with gaps. New keys go strictly between two neighbours;
 * when doubles run out of room there (after ~40 inserts at one spot) the caller
 * re-spaces every key and asks again.
 */
export function keysBetween(lo: number | null, hi: number | null, n: number): number[] | null {
  if (lo === null && hi === null) return Array.from({ length: n }, (_, i) => i + 1);
  if (lo === null) return Array.from({ length: n }, (_, i) => hi! - n + i);
  if (hi === null) return Array.from({ length: n }, (_, i) => lo + i + 1);
  const step = (hi - lo) / (n + 1);
  const keys = Array.from({ length: n }, (_, i) => lo + step * (i + 1));
  let prev = lo;
  for (const k of keys) {
    if (!(k > prev)) return null;
    prev = k;
  }
  return prev < hi ? keys : null;
}
