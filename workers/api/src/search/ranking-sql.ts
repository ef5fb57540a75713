import { TRACK_CREDITS_SQL } from '../catalog/track-credits-sql.ts';

/** The columns of a track hit, title or lyric match alike: what the track summary is built from. */
const TRACK_HIT_COLUMNS = `t.id, t.title, t.duration_ms, t.track_number, t.explicit, t.popularity, t.external_id, t.audio_hash, al.id AS album_id, al.name AS album_name, al.image_hash AS album_image_hash, ${TRACK_CREDITS_SQL} AS artists`;

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
 * Each statement scores the matches (bm25 must run in a subquery over the FTS
 * table alone, hence MATERIALIZED), keeps the best `take`, reports the match count
 * (`total`) and reads detail columns only for the rows kept. Artists and albums
 * score every match and count them with a window over the same pass.
 *
 * Tracks are the one index large enough for a single word to match a third of a
 * shard ("love", or "lo" while typing), and scoring every such match is the whole
 * cost. So when a shard holds more than BROAD_MATCHES matches, only its
 * POPULAR_CANDIDATES most popular ready matches (at least `take`) are scored, with
 * the same formula: they are found by walking tracks_ready_popularity from the top
 * and keeping the rows the query matches. Below that count every match is scored,
 * as before. The LIMITs pick the path (LIMIT 0 skips a loop before it starts; -1 is
 * no limit), so one statement serves both; `total` is a plain match count less the
 * matching tracks not yet ready, exact on both paths and free of bm25.
 */
export const BROAD_MATCHES = 2000;
export const POPULAR_CANDIDATES = 500;

export const RANKED_SEARCH_SQL: Record<CatalogType, string> = {
  track: `WITH n AS MATERIALIZED (SELECT count(*) AS matches, count(*) > ${BROAD_MATCHES} AS broad FROM tracks_fts WHERE tracks_fts MATCH ?1),
    every AS MATERIALIZED (SELECT rowid AS rid, bm25(tracks_fts, 3.0, 1.0) AS rel FROM tracks_fts WHERE tracks_fts MATCH ?1
      LIMIT (SELECT iif(broad, 0, -1) FROM n)),
    popular AS (SELECT t.rowid AS rid FROM tracks t INDEXED BY tracks_ready_popularity
      WHERE t.status = 'ready' AND t.rowid IN (SELECT rowid FROM tracks_fts WHERE tracks_fts MATCH ?1)
      ORDER BY t.popularity DESC LIMIT (SELECT iif(broad, max(${POPULAR_CANDIDATES}, ?2), 0) FROM n)),
    some AS MATERIALIZED (SELECT rowid AS rid, bm25(tracks_fts, 3.0, 1.0) AS rel FROM tracks_fts WHERE tracks_fts MATCH ?1 AND +rowid IN (SELECT rid FROM popular)
      LIMIT (SELECT iif(broad, -1, 0) FROM n)),
    hits AS (
      SELECT m.rid, m.rel * (1.0 + t.popularity / 200.0) AS score
      FROM (SELECT * FROM every UNION ALL SELECT * FROM some) m JOIN tracks t ON t.rowid = m.rid WHERE t.status = 'ready'
      ORDER BY score LIMIT ?2),
    total AS (SELECT (SELECT matches FROM n) - (SELECT count(*) FROM tracks t INDEXED BY tracks_not_ready
      WHERE t.status <> 'ready' AND EXISTS (SELECT 1 FROM tracks_fts f WHERE tracks_fts MATCH ?1 AND f.rowid = t.rowid)) AS total)
    SELECT h.score, (SELECT total FROM total) AS total, ${TRACK_HIT_COLUMNS}
    FROM hits h JOIN tracks t ON t.rowid = h.rid LEFT JOIN albums al ON al.id = t.album_id
    ORDER BY h.score`,
  artist: `WITH m AS MATERIALIZED (SELECT rowid AS rid, bm25(artists_fts) AS rel FROM artists_fts WHERE artists_fts MATCH ?1),
    hits AS (
      SELECT m.rid, m.rel * (1.0 + a.popularity / 200.0) AS score, count(*) OVER () AS total
      FROM m JOIN artists a ON a.rowid = m.rid
      ORDER BY score LIMIT ?2)
    SELECT h.score, h.total, a.id, a.name, a.popularity, a.external_id, a.followers_total, a.image_hash
    FROM hits h JOIN artists a ON a.rowid = h.rid
    ORDER BY h.score`,
  album: `WITH m AS MATERIALIZED (SELECT rowid AS rid, bm25(albums_fts, 3.0, 1.0) AS rel FROM albums_fts WHERE albums_fts MATCH ?1),
    hits AS (
      SELECT m.rid, m.rel * (1.0 + ar.popularity / 200.0) AS score, count(*) OVER () AS total
      FROM m JOIN albums al ON al.rowid = m.rid JOIN artists ar ON ar.id = al.artist_id
      ORDER BY score LIMIT ?2)
    SELECT h.score, h.total, al.id, al.name, al.release_date, al.external_id, al.image_hash, al.artist_id, ar.name AS artist_name,
      (SELECT count(*) FROM tracks WHERE album_id = al.id AND status = 'ready') AS total_tracks
    FROM hits h JOIN albums al ON al.rowid = h.rid JOIN artists ar ON ar.id = al.artist_id
    ORDER BY h.score`,
};

/**
 * Tracks found by their lyrics alone, the same ranking formula over lyrics_fts
 * (migration 0017); tracks the title/artist index also matches are left out,
 * since track search lists those first (search-service.ts). Lyrics are long
 * and a common word matches most of them, so at most LYRIC_CANDIDATES matches
 * a shard are scored (in index order) and `total` counts those. Each candidate is
 * checked against the title index by rowid, so a broad query never reads the
 * title index's whole match list a second time.
 */
export const LYRIC_CANDIDATES = 2000;

export const LYRICS_SEARCH_SQL = `WITH m AS MATERIALIZED (SELECT rowid AS lrid, bm25(lyrics_fts) AS rel FROM lyrics_fts WHERE lyrics_fts MATCH ?1 LIMIT ${LYRIC_CANDIDATES}),
    hits AS (
      SELECT t.rowid AS rid, m.rel * (1.0 + t.popularity / 200.0) AS score, count(*) OVER () AS total
      FROM m JOIN track_lyrics l ON l.rowid = m.lrid JOIN tracks t ON t.id = l.track_id
      WHERE t.status = 'ready' AND NOT EXISTS (SELECT 1 FROM tracks_fts f WHERE tracks_fts MATCH ?1 AND f.rowid = t.rowid)
      ORDER BY score LIMIT ?2)
    SELECT h.score, h.total, ${TRACK_HIT_COLUMNS}
    FROM hits h JOIN tracks t ON t.rowid = h.rid LEFT JOIN albums al ON al.id = t.album_id
    ORDER BY h.score`;

/** What every ranked row carries besides its type's columns. */
export interface ScoredRow {
  score: number;
  total: number;
  id: string;
}
