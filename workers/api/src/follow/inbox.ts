import { loadAlbums } from '#core/catalog/reads.ts';
import { albumSummary } from '#core/catalog/views.ts';
import type { AlbumSummary } from '#core/protocol/catalog-views.ts';
import { log } from '#core/log.ts';
import { groupByShard, shardDb, shardOfId } from '#core/shards.ts';
import type { PagingQuery } from '../http/paging.ts';

export interface InboxEntry {
  type: 'release';
  album: AlbumSummary;
  released_at: string;
}

interface Candidate {
  album_id: string;
  released_at: number;
}

const newestFirst = (a: Candidate, b: Candidate) => b.released_at - a.released_at || (a.album_id < b.album_id ? 1 : a.album_id > b.album_id ? -1 : 0);

/**
 * A listener's new releases, newest first: the rows pushed to their inbox (one
 * read of their user shard) merged with the releases of the pull artists they
 * follow (one read per catalog shard holding an artist they follow), each
 * release no older than the follow, as a push would have delivered it. Also the
 * `new_releases` section of GET /me/home.
 */
export async function readInbox(env: Env, userId: string, { limit, offset }: PagingQuery): Promise<{ items: InboxEntry[]; total: number }> {
  const take = offset + limit;
  const users = shardDb(env, 'USERS', shardOfId(env, 'USERS', userId));
  const [pushed, pushedCount, followed] = await users.batch([
    users.prepare('SELECT album_id, released_at FROM inbox_items WHERE user_id = ? ORDER BY released_at DESC, album_id DESC LIMIT ?').bind(userId, take),
    users.prepare('SELECT count(*) AS n FROM inbox_items WHERE user_id = ?').bind(userId),
    users.prepare(`SELECT item_id, added_at FROM library_items WHERE user_id = ? AND kind = 'artist'`).bind(userId),
  ]);
  const followedAt = new Map((followed!.results as { item_id: string; added_at: number }[]).map((r) => [r.item_id, r.added_at]));
  const pulled = await Promise.all(
    [...groupByShard(env, 'CATALOG', followedAt.keys(), ['art'])].map(([shard, artistIds]) =>
      pullReleases(
        shardDb(env, 'CATALOG', shard),
        artistIds.map((id) => [id, followedAt.get(id)!]),
        take,
      ),
    ),
  );

  const seen = new Set<string>();
  const merged = [...(pushed!.results as unknown as Candidate[]), ...pulled.flatMap((p) => p.rows)]
    .sort(newestFirst)
    .filter((c) => !seen.has(c.album_id) && seen.add(c.album_id))
    .slice(offset, take);
  const total = (pushedCount!.results[0] as { n: number }).n + pulled.reduce((n, p) => n + p.total, 0);
  // What the merge cost in D1 rows read (album details aside): bench/release-fanout.ts reads this line.
  const rowsRead = [pushed, pushedCount, followed].reduce((n, r) => n + (r!.meta.rows_read ?? 0), 0) + pulled.reduce((n, p) => n + p.rowsRead, 0);
  log('debug', 'inbox_read', { worker: 'api', rows_read: rowsRead, catalog_shards: pulled.length, pushed: pushed!.results.length });
  const albums = await loadAlbums(
    env,
    merged.map((c) => c.album_id),
  );
  const items = merged.flatMap((c) => {
    const album = albums.get(c.album_id);
    return album ? [{ type: 'release' as const, album: albumSummary(album), released_at: new Date(c.released_at).toISOString() }] : [];
  });
  return { items, total };
}

/** Pulled releases of these artists (`[artist id, followed at]`, passed as one JSON parameter however many), released since each follow. */
async function pullReleases(db: D1Database, follows: [string, number][], take: number): Promise<{ rows: Candidate[]; total: number; rowsRead: number }> {
  const from = `FROM json_each(?1) f JOIN albums al
    ON al.artist_id = json_extract(f.value, '$[0]') AND al.fanout = 'pull' AND al.released_at >= json_extract(f.value, '$[1]')`;
  const json = JSON.stringify(follows);
  const [rows, count] = await db.batch([
    db.prepare(`SELECT al.id AS album_id, al.released_at ${from} ORDER BY al.released_at DESC, al.id DESC LIMIT ?2`).bind(json, take),
    db.prepare(`SELECT count(*) AS n ${from}`).bind(json),
  ]);
  return {
    rows: rows!.results as unknown as Candidate[],
    total: (count!.results[0] as { n: number }).n,
    rowsRead: (rows!.meta.rows_read ?? 0) + (count!.meta.rows_read ?? 0),
  };
}
