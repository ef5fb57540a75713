// Search over one plain SQLite file, for the baselines of bench/search-latency.ts.
// `twoPass` runs the same algorithm as the API (workers/api/src/search) on a single
// database: the same FTS expression, ranking SQL, vocabulary and typo correction.
import type { DatabaseSync } from 'node:sqlite';
import { RANKED_SEARCH_SQL } from '../../workers/api/src/search/ranking-sql.ts';
import { matchExpression, queryTerms, tokenize } from '../../workers/api/src/search/query-text.ts';
import { corrections, maxEdits, trigramQuery, type Candidate } from '../../workers/api/src/search/spelling.ts';

export interface Hit {
  external_id: string;
}

/** Prefix-indexed file: the query as typed, and (twoPass) the spelling-corrected retry when nothing matched. */
export function prefixSearch(db: DatabaseSync, q: string, take: number, twoPass: boolean): Hit[] {
  const terms = queryTerms(tokenize(q));
  if (terms.length === 0) return [];
  const ranked = db.prepare(RANKED_SEARCH_SQL.track);
  const first = ranked.all(matchExpression(terms), take) as unknown as Hit[];
  if (first.length > 0 || !twoPass) return first;
  const known = new Set(
    (db.prepare(`SELECT term FROM search_terms WHERE term IN (${terms.map(() => '?').join(',')})`).all(...terms.map((t) => t.token)) as { term: string }[]).map(
      (r) => r.term,
    ),
  );
  const candidates = db.prepare(
    `SELECT s.term, s.docs FROM search_terms_tri f JOIN search_terms s ON s.rowid = f.rowid
     WHERE search_terms_tri MATCH ? AND length(s.term) BETWEEN ? AND ? ORDER BY f.rank LIMIT 60`,
  );
  let any = false;
  for (const t of terms) {
    if (known.has(t.token) || t.token.length < 3) continue;
    const max = maxEdits(t.token.length);
    const found = candidates.all(trigramQuery(t.token), Math.max(2, t.token.length - max), t.prefix ? 1000 : t.token.length + max) as unknown as Candidate[];
    t.alternatives = corrections(t.token, found, t.prefix);
    any ||= t.alternatives.length > 0;
  }
  return any ? (ranked.all(matchExpression(terms), take) as unknown as Hit[]) : [];
}

const TRIGRAM_SQL = `SELECT t.external_id FROM tracks_fts JOIN tracks t ON t.rowid = tracks_fts.rowid
  WHERE tracks_fts MATCH ? ORDER BY bm25(tracks_fts, 3.0, 1.0) * (1.0 + t.popularity / 200.0) LIMIT ?`;

/**
 * Trigram-indexed file: every word of 3+ letters as a substring (which also
 * covers prefixes); when that finds nothing, the trigram index itself as typo
 * tolerance: any trigram of the query (OR), ranked by bm25.
 */
export function trigramSearch(db: DatabaseSync, q: string, take: number, fuzzy: boolean): Hit[] {
  const words = tokenize(q).filter((w) => w.length >= 3);
  if (words.length === 0) return [];
  const stmt = db.prepare(TRIGRAM_SQL);
  const exact = stmt.all(words.map((w) => `"${w}"`).join(' AND '), take) as unknown as Hit[];
  if (exact.length > 0 || !fuzzy) return exact;
  const grams = new Set<string>();
  for (const w of words) for (let i = 0; i + 3 <= w.length; i++) grams.add(w.slice(i, i + 3));
  return stmt.all([...grams].map((g) => `"${g}"`).join(' OR '), take) as unknown as Hit[];
}
