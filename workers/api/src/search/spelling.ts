/**
 * Typo tolerance: a token that no catalog row holds is replaced by the
 * vocabulary terms closest to it (optimal-string-alignment edit distance, so a
 * swap of two neighbouring letters counts as one edit). Candidates come from
 * the trigram index over the vocabulary (search_terms_tri), ranked there by
 * bm25; the distance is computed here on those few dozen.
 */

/** Edits allowed for a token of this length: 1 up to 4 letters, 2 beyond. */
export const maxEdits = (length: number): number => (length <= 4 ? 1 : 2);

/** Optimal string alignment distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prevPrev[j - 2]! + 1);
      row.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > max) return max + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Distance of a typed prefix to the start of a term ("bohemai" is 1 from "bohemian"'s start "bohemi"). */
export function prefixDistance(typed: string, term: string, max: number): number {
  let best = editDistance(typed, term, max);
  for (let len = Math.max(1, typed.length - max); len <= Math.min(term.length - 1, typed.length + max); len++) {
    best = Math.min(best, editDistance(typed, term.slice(0, len), max));
  }
  return best;
}

/** The trigram query that finds vocabulary terms sharing letters with `token` (indexed as '^term$'). */
export function trigramQuery(token: string): string {
  const padded = `^${token}$`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return [...grams].map((g) => `"${g.replace(/"/g, '""')}"`).join(' OR ');
}

export interface Candidate {
  term: string;
  docs: number;
}

/** Up to `take` corrections within the edit budget, nearest first, then most frequent. */
export function corrections(token: string, candidates: Candidate[], asPrefix: boolean, take = 3): string[] {
  const max = maxEdits(token.length);
  return candidates
    .filter((c) => c.term !== token)
    .map((c) => ({ ...c, distance: asPrefix ? prefixDistance(token, c.term, max) : editDistance(token, c.term, max) }))
    .filter((c) => c.distance <= max)
    .sort((a, b) => a.distance - b.distance || b.docs - a.docs || (a.term < b.term ? -1 : 1))
    .slice(0, take)
    .map((c) => c.term);
}
