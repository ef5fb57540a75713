import type { playlists } from '#core/db/users-playlists.ts';
import { allShardDbs } from '#core/shards.ts';
import { VISIBLE_TO_ANYONE_SQL } from '#core/playlists/permissions.ts';
import { page, type PagingQuery } from '../http/paging.ts';
import { toListed } from '../playlists/listing.ts';
import { matchExpression, queryTerms } from './query-text.ts';

/**
 * Public playlists in search: every user shard's `playlists_fts` (public, live
 * playlists only; see migrations/users/0003_playlist_search.sql) is asked in
 * parallel for its best `offset + limit` matches, and the pages are merged.
 * Score = bm25 with names weighing 3× descriptions; more followers break ties.
 * The join re-checks visibility (the rule in core/playlists/permissions.ts), so even an index
 * out of step could not surface a private playlist. Read from the primaries, not
 * the edge cache: the room copies a visibility change to D1 before it makes it,
 * so a playlist made private or deleted leaves the results at once.
 */
const RANKED_PLAYLISTS_SQL = `WITH m AS MATERIALIZED (SELECT rowid AS rid, bm25(playlists_fts, 3.0, 1.0) AS rel FROM playlists_fts WHERE playlists_fts MATCH ?1),
  hits AS (
    SELECT m.rid, m.rel AS score, count(*) OVER () AS total
    FROM m JOIN playlists p ON p.rowid = m.rid WHERE ${VISIBLE_TO_ANYONE_SQL}
    ORDER BY score, p.follower_count DESC, p.id LIMIT ?2)
  SELECT h.score, h.total, p.id, p.owner_id AS ownerId, p.name, p.description, p.public, p.collaborative, p.snapshot_id AS snapshotId,
    p.version, p.item_count AS itemCount, p.follower_count AS followerCount, p.created_at AS createdAt, p.updated_at AS updatedAt,
    p.deleted_at AS deletedAt, p.image_hash AS imageHash, p.made_for AS madeFor, coalesce(u.display_name, '') AS ownerName
  FROM hits h JOIN playlists p ON p.rowid = h.rid LEFT JOIN users u ON u.id = p.owner_id
  ORDER BY h.score, p.follower_count DESC, p.id`;

type Row = Omit<typeof playlists.$inferSelect, 'public' | 'collaborative'> & {
  public: number;
  collaborative: number;
  score: number;
  total: number;
  ownerName: string;
};

/** The `playlists` paging group of a search for these tokens (an empty page when they are no query yet). */
export async function searchPublicPlaylists(env: Env, tokens: string[], paging: PagingQuery, requestUrl: string) {
  // Same rule as the catalog: one letter is no query yet.
  if (tokens.join('').length < 2) return page(requestUrl, [], 0, paging);
  const match = matchExpression(queryTerms(tokens));
  const take = paging.offset + paging.limit;
  const perShard = await Promise.all(allShardDbs(env, 'USERS').map((db) => db.prepare(RANKED_PLAYLISTS_SQL).bind(match, take).all<Row>()));
  const rows = perShard.flatMap((r) => r.results);
  const total = perShard.reduce((sum, r) => sum + (r.results[0]?.total ?? 0), 0);
  rows.sort((a, b) => a.score - b.score || b.followerCount - a.followerCount || (a.id < b.id ? -1 : 1));
  const items = rows
    .slice(paging.offset, take)
    .map(({ score: _s, total: _t, ownerName, ...p }) => toListed({ ...p, public: p.public === 1, collaborative: p.collaborative === 1 }, ownerName));
  return page(requestUrl, items, total, paging);
}
