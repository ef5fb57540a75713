import { RANKED_SEARCH_SQL, type CatalogType } from './ranking-sql.ts';

export { catalogTypes, type CatalogType } from './ranking-sql.ts';

/** One shard's ranked page of one type: the best `take` matches of the FTS expression. */
export function searchStatement(db: D1DatabaseSession, type: CatalogType, match: string, take: number): D1PreparedStatement {
  return db.prepare(RANKED_SEARCH_SQL[type]).bind(match, take);
}

export interface ScoredRow {
  score: number;
  total: number;
  id: string;
}
