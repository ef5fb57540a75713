-- Broad searches (one very common word, a two-letter prefix: the first keystrokes) score only
-- the most popular matches of each shard instead of all of them (workers/api/src/search/ranking-sql.ts).
-- Hand-written, like 0003: these indexes exist for the search SQL, which names them (INDEXED BY).
-- Ready tracks by popularity: walked from the top, kept when they match the query.
CREATE INDEX tracks_ready_popularity ON tracks (popularity) WHERE status = 'ready';
--> statement-breakpoint
-- The few tracks not yet ready (uploads being transcoded, failed ones): subtracted from the match count for `total`.
CREATE INDEX tracks_not_ready ON tracks (status) WHERE status <> 'ready';
