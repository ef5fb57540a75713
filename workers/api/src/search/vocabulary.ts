/**
 * The search vocabulary of a shard (table search_terms, see core/db/catalog-search.ts):
 * every token of the four FTS indexes (titles, artists, albums, lyrics) with its document count. Rebuilt from the
 * fts5vocab tables; the catalog import calls this once per shard it wrote to.
 * Other writers (uploads) may call it too; until then their new words are still
 * searchable, only not yet offered as spelling corrections.
 */
export async function refreshSearchVocabulary(db: D1Database | D1DatabaseSession): Promise<void> {
  await db
    .prepare(
      `INSERT INTO search_terms (term, docs)
       SELECT term, sum(doc) FROM (
         SELECT term, doc FROM tracks_fts_vocab UNION ALL
         SELECT term, doc FROM artists_fts_vocab UNION ALL
         SELECT term, doc FROM albums_fts_vocab UNION ALL
         SELECT term, doc FROM lyrics_fts_vocab)
       WHERE length(term) >= 2 GROUP BY term
       ON CONFLICT(term) DO UPDATE SET docs = excluded.docs WHERE docs <> excluded.docs`,
    )
    .run();
}

/** Which of these tokens the shard's vocabulary holds. */
export function knownTermsStatement(db: D1DatabaseSession, tokens: string[]): D1PreparedStatement {
  return db.prepare(`SELECT term FROM search_terms WHERE term IN (${tokens.map(() => '?').join(',')})`).bind(...tokens);
}

/** Vocabulary terms that share trigrams with a token, best-sharing first, within a length window. */
export function candidatesStatement(db: D1DatabaseSession, trigramMatch: string, minLength: number, maxLength: number): D1PreparedStatement {
  return db
    .prepare(
      `SELECT s.term, s.docs FROM search_terms_tri f JOIN search_terms s ON s.rowid = f.rowid
       WHERE search_terms_tri MATCH ? AND length(s.term) BETWEEN ? AND ?
       ORDER BY f.rank LIMIT 60`,
    )
    .bind(trigramMatch, minLength, maxLength);
}
