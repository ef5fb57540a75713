import { TRACK_CREDITS_SQL } from '../catalog/track-credits-sql.ts';

export const catalogTypes = ['track', 'artist', 'album'] as const;
export type CatalogType = (typeof catalogTypes)[number];

/**
 * Ranking, the same on every shard: score = bm25 × (1 + popularity / 200).
 * bm25 is negative (more negative = more relevant), so popularity (0–100) scales
 * relevance by up to 1.5×: it orders rows of similar relevance (and breaks ties)
 * but cannot lift a prefix-only match over an exact word match, which scores
 * about twice as much (see matchExpression). Titles weigh 3× credited artist
 * names. Lower score sorts first. bm25's IDF is per shard; shards are hash
 * partitions of one catalog, so their statistics agree closely enough to merge.
 *
 * Each statement scores all matches (bm25 must run in a subquery over the FTS
 * table alone, hence MATERIALIZED), keeps the best `take`, reports the match count
 * (`total`) from a window over the same pass, and reads detail columns only for
 * the rows kept.
 */
export const RANKED_SEARCH_SQL: Record<CatalogType, string> = {
  track: `WITH m AS MATERIALIZED (SELECT rowid AS rid, bm25(tracks_fts, 3.0, 1.0) AS rel FROM tracks_fts WHERE tracks_fts MATCH ?1),
    hits AS (
      SELECT m.rid, m.rel * (1.0 + t.popularity / 200.0) AS score, count(*) OVER () AS total
      FROM m JOIN tracks t ON t.rowid = m.rid WHERE t.status = 'ready'
      ORDER BY score LIMIT ?2)
    SELECT h.score, h.total, t.id, t.title, t.duration_ms, t.track_number, t.explicit, t.popularity, t.external_id,
      al.id AS album_id, al.name AS album_name, ${TRACK_CREDITS_SQL} AS artists
    FROM hits h JOIN tracks t ON t.rowid = h.rid LEFT JOIN albums al ON al.id = t.album_id
    ORDER BY h.score`,
  artist: `WITH m AS MATERIALIZED (SELECT rowid AS rid, bm25(artists_fts) AS rel FROM artists_fts WHERE artists_fts MATCH ?1),
    hits AS (
      SELECT m.rid, m.rel * (1.0 + a.popularity / 200.0) AS score, count(*) OVER () AS total
      FROM m JOIN artists a ON a.rowid = m.rid
      ORDER BY score LIMIT ?2)
    SELECT h.score, h.total, a.id, a.name, a.popularity, a.external_id
    FROM hits h JOIN artists a ON a.rowid = h.rid
    ORDER BY h.score`,
  album: `WITH m AS MATERIALIZED (SELECT rowid AS rid, bm25(albums_fts, 3.0, 1.0) AS rel FROM albums_fts WHERE albums_fts MATCH ?1),
    hits AS (
      SELECT m.rid, m.rel * (1.0 + ar.popularity / 200.0) AS score, count(*) OVER () AS total
      FROM m JOIN albums al ON al.rowid = m.rid JOIN artists ar ON ar.id = al.artist_id
      ORDER BY score LIMIT ?2)
    SELECT h.score, h.total, al.id, al.name, al.release_date, al.external_id, al.artist_id, ar.name AS artist_name,
      (SELECT count(*) FROM tracks WHERE album_id = al.id AND status = 'ready') AS total_tracks
    FROM hits h JOIN albums al ON al.rowid = h.rid JOIN artists ar ON ar.id = al.artist_id
    ORDER BY h.score`,
};
