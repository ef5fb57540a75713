import { albumSummary } from '#core/catalog/views.ts';
import type { AlbumSummary } from '#core/protocol/catalog-views.ts';
import { allShardDbs } from '#core/shards.ts';
import { ALBUM_COLUMNS, albumRecordOf, type AlbumRow } from '../catalog/listing-rows.ts';
import type { PagingQuery } from '../http/paging.ts';
import { mergedPage } from './shard-pages.ts';

/** New releases change with imports and uploads only; a minute out of date is fine. */
export const NEW_RELEASES_CACHE_CONTROL = 'public, max-age=60';
export const newReleasesCacheKey = ({ limit, offset }: PagingQuery, today: string) =>
  `https://browse.encore.internal/v1/new-releases/${today}/${offset}/${limit}`;

/**
 * Released albums: a release date that has come (YYYY, YYYY-MM and YYYY-MM-DD
 * compare as text with today's date) and at least one ready track. An album
 * without a release date has nothing to order it by and is not listed.
 */
const RELEASED = `al.release_date IS NOT NULL AND al.release_date <= ?1
  AND EXISTS (SELECT 1 FROM tracks t WHERE t.album_id = al.id AND t.status = 'ready')`;

const newestFirst = (a: AlbumRow, b: AlbumRow) =>
  (a.release_date! < b.release_date! ? 1 : a.release_date! > b.release_date! ? -1 : 0) || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);

/** Each catalog shard's newest `offset + limit` released albums, merged: newest release date first, then id. */
export async function newReleases(env: Env, paging: PagingQuery, today: string): Promise<{ items: AlbumSummary[]; total: number }> {
  const perShard = await Promise.all(
    allShardDbs(env, 'CATALOG').map(async (db) => {
      const [rows, total] = await db.batch([
        db
          .prepare(
            `SELECT ${ALBUM_COLUMNS} FROM albums al INDEXED BY albums_release_date JOIN artists ar ON ar.id = al.artist_id
             WHERE ${RELEASED} ORDER BY al.release_date DESC, al.id DESC LIMIT ?2`,
          )
          .bind(today, paging.offset + paging.limit),
        db.prepare(`SELECT count(*) AS n FROM albums al WHERE ${RELEASED}`).bind(today),
      ]);
      return { rows: rows!.results as AlbumRow[], total: (total!.results[0] as { n: number }).n };
    }),
  );
  const rows = mergedPage(
    perShard.map((s) => s.rows),
    newestFirst,
    paging.offset,
    paging.limit,
  );
  return { items: rows.map((a) => albumSummary(albumRecordOf(a))), total: perShard.reduce((sum, s) => sum + s.total, 0) };
}

export const utcToday = (now = Date.now()) => new Date(now).toISOString().slice(0, 10);
