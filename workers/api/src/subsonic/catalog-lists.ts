import { ALBUM_COLUMNS, albumRecordOf, type AlbumRow } from '../catalog/listing-rows.ts';
import type { CatalogSessions } from '../catalog/read-sessions.ts';
import type { AlbumFields } from './shapes.ts';

/**
 * The catalog-wide listings Subsonic apps browse by (the REST API reads one
 * artist's or album's shard; these read every catalog shard and merge): the
 * artists index and the album lists of getAlbumList2. Each shard answers its
 * first `offset + size` in the list's order; the merge keeps that order.
 */

/** getArtists answers in one response; a catalog larger than this is browsed by search and album lists instead. */
export const MAX_INDEXED_ARTISTS = 10_000;
/** getAlbumList2's `offset` is capped so no shard is asked for more than this many rows. */
export const MAX_LIST_DEPTH = 5_000;

const PLAYABLE_ALBUM = `EXISTS (SELECT 1 FROM tracks WHERE album_id = al.id AND status = 'ready')`;
const LIST_COLUMNS = `${ALBUM_COLUMNS}, al.created_at,
  (SELECT sum(duration_ms) FROM tracks WHERE album_id = al.id AND status = 'ready') AS duration_ms,
  (SELECT genre FROM tracks WHERE album_id = al.id AND genre IS NOT NULL GROUP BY genre ORDER BY count(*) DESC, genre LIMIT 1) AS genre,
  (SELECT max(popularity) FROM tracks WHERE album_id = al.id AND status = 'ready') AS popularity`;

interface ListRow extends AlbumRow {
  created_at: number;
  duration_ms: number | null;
  genre: string | null;
  popularity: number | null;
}

export type AlbumListOrder = 'newest' | 'alphabeticalByName' | 'alphabeticalByArtist' | 'highest' | 'random' | 'byGenre' | 'byYear';

export interface AlbumListQuery {
  order: AlbumListOrder;
  size: number;
  offset: number;
  genre?: string;
  fromYear?: number;
  toYear?: number;
}

const folded = (s: string) => s.toLowerCase();
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Each order as SQL and as the same comparison for the merge. */
const ORDERS: Record<Exclude<AlbumListOrder, 'random' | 'byYear'>, { sql: string; compare: (a: ListRow, b: ListRow) => number }> = {
  newest: { sql: 'al.created_at DESC, al.id', compare: (a, b) => b.created_at - a.created_at || byText(a.id, b.id) },
  alphabeticalByName: { sql: 'al.name COLLATE NOCASE, al.id', compare: (a, b) => byText(folded(a.name), folded(b.name)) || byText(a.id, b.id) },
  alphabeticalByArtist: {
    sql: 'ar.name COLLATE NOCASE, al.name COLLATE NOCASE, al.id',
    compare: (a, b) => byText(folded(a.artist_name), folded(b.artist_name)) || byText(folded(a.name), folded(b.name)) || byText(a.id, b.id),
  },
  highest: { sql: 'popularity DESC, al.id', compare: (a, b) => (b.popularity ?? 0) - (a.popularity ?? 0) || byText(a.id, b.id) },
  byGenre: { sql: 'al.name COLLATE NOCASE, al.id', compare: (a, b) => byText(folded(a.name), folded(b.name)) || byText(a.id, b.id) },
};

function statementOf(db: D1DatabaseSession, q: AlbumListQuery, take: number): D1PreparedStatement {
  const from = `SELECT ${LIST_COLUMNS} FROM albums al JOIN artists ar ON ar.id = al.artist_id WHERE ${PLAYABLE_ALBUM}`;
  if (q.order === 'random') return db.prepare(`${from} ORDER BY random() LIMIT ?`).bind(take);
  if (q.order === 'byGenre')
    return db
      .prepare(
        `${from} AND EXISTS (SELECT 1 FROM tracks WHERE album_id = al.id AND status = 'ready' AND genre = ? COLLATE NOCASE) ORDER BY ${ORDERS.byGenre.sql} LIMIT ?`,
      )
      .bind(q.genre ?? '', take);
  if (q.order === 'byYear') {
    const [low, high] = yearRange(q);
    return db
      .prepare(
        `${from} AND CAST(substr(al.release_date, 1, 4) AS INTEGER) BETWEEN ? AND ? ORDER BY al.release_date ${descendingYears(q) ? 'DESC' : 'ASC'}, al.id LIMIT ?`,
      )
      .bind(low, high, take);
  }
  return db.prepare(`${from} ORDER BY ${ORDERS[q.order].sql} LIMIT ?`).bind(take);
}

const descendingYears = (q: AlbumListQuery) => (q.fromYear ?? 0) > (q.toYear ?? 0);
const yearRange = (q: AlbumListQuery) => [Math.min(q.fromYear ?? 0, q.toYear ?? 0), Math.max(q.fromYear ?? 0, q.toYear ?? 0)];

function compareOf(q: AlbumListQuery): (a: ListRow, b: ListRow) => number {
  if (q.order === 'byYear') {
    const sign = descendingYears(q) ? -1 : 1;
    return (a, b) => sign * byText(a.release_date ?? '', b.release_date ?? '') || byText(a.id, b.id);
  }
  return ORDERS[q.order as keyof typeof ORDERS].compare;
}

function shuffled<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

export async function albumList(reads: CatalogSessions, q: AlbumListQuery): Promise<AlbumFields[]> {
  const offset = Math.min(q.offset, MAX_LIST_DEPTH);
  const take = q.order === 'random' ? q.size : offset + q.size;
  const perShard = await Promise.all(reads.sessions.map(async (db) => (await statementOf(db, q, take).all<ListRow>()).results));
  const page =
    q.order === 'random'
      ? shuffled(perShard.flat()).slice(0, q.size)
      : perShard
          .flat()
          .sort(compareOf(q))
          .slice(offset, offset + q.size);
  return page.map((row) => ({ ...albumRecordOf(row), durationMs: row.duration_ms, createdAt: row.created_at, genre: row.genre }));
}

export interface IndexedArtist {
  id: string;
  name: string;
  albumCount: number;
  imageHash: string | null;
}

/** Every artist with something to play, by name. */
export async function indexedArtists(reads: CatalogSessions): Promise<IndexedArtist[]> {
  const sql = `SELECT a.id, a.name, a.image_hash,
      (SELECT count(*) FROM albums al WHERE al.artist_id = a.id AND ${PLAYABLE_ALBUM}) AS album_count
    FROM artists a WHERE EXISTS (SELECT 1 FROM tracks WHERE artist_id = a.id AND status = 'ready')
    ORDER BY a.name COLLATE NOCASE, a.id LIMIT ?`;
  const perShard = await Promise.all(
    reads.sessions.map(
      async (db) =>
        (await db.prepare(sql).bind(MAX_INDEXED_ARTISTS).all<{ id: string; name: string; album_count: number; image_hash: string | null }>()).results,
    ),
  );
  return perShard
    .flat()
    .sort((a, b) => byText(folded(a.name), folded(b.name)) || byText(a.id, b.id))
    .slice(0, MAX_INDEXED_ARTISTS)
    .map((a) => ({ id: a.id, name: a.name, albumCount: a.album_count, imageHash: a.image_hash }));
}
