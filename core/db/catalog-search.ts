import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Search support tables of every catalog shard. The FTS5 indexes themselves
 * (tracks_fts, artists_fts, albums_fts, search_terms_tri) and the triggers that
 * keep them in step with the catalog are virtual tables drizzle cannot describe;
 * they live in the hand-written migration `migrations/catalog/*_search_fts.sql`.
 */

/**
 * The shard's search vocabulary: every token of the FTS indexes with the number
 * of documents holding it. Typo correction looks candidates up here (through the
 * trigram index search_terms_tri), so it searches tens of thousands of terms,
 * not millions of titles. Refreshed from the fts5vocab tables after each import.
 */
export const searchTerms = sqliteTable('search_terms', {
  term: text('term').primaryKey(),
  docs: integer('docs').notNull(),
});
