import { NotFound } from '../../../../core/errors.ts';
import { shardOf, type ShardEnv } from '../../../../core/shards.ts';
import type { CatalogSessions } from './read-sessions.ts';
import { TRACK_CREDITS_SQL } from './track-credits-sql.ts';
import { albumView, artistView, trackView, type AlbumRow, type ArtistRow, type TrackRow } from './views.ts';

/** Read paths of the catalog. Each reads the one shard its id names. */

const ALBUM_COLUMNS = `al.id, al.name, al.release_date, al.external_id, al.artist_id, ar.name AS artist_name,
  (SELECT count(*) FROM tracks WHERE album_id = al.id AND status = 'ready') AS total_tracks`;

const TRACK_COLUMNS = `t.id, t.title, t.duration_ms, t.track_number, t.explicit, t.popularity, t.external_id, ${TRACK_CREDITS_SQL} AS artists`;

export async function getArtist(env: ShardEnv, reads: CatalogSessions, id: string) {
  const db = reads.shard(shardOf(env, 'CATALOG', id, ['art'], 'artist'));
  const [artist, genres] = await db.batch([
    db.prepare('SELECT id, name, popularity, external_id FROM artists WHERE id = ?').bind(id),
    db.prepare(`SELECT genre, count(*) AS n FROM tracks WHERE artist_id = ? AND genre IS NOT NULL GROUP BY genre ORDER BY n DESC LIMIT 5`).bind(id),
  ]);
  const row = artist!.results[0] as ArtistRow | undefined;
  if (!row) throw new NotFound(`No artist with id ${JSON.stringify(id)}.`, 'artist_not_found');
  return artistView(row, (genres!.results as { genre: string }[]).map((g) => g.genre));
}

export async function listArtistAlbums(env: ShardEnv, reads: CatalogSessions, id: string, limit: number, offset: number) {
  const db = reads.shard(shardOf(env, 'CATALOG', id, ['art'], 'artist'));
  const [exists, total, rows] = await db.batch([
    db.prepare('SELECT 1 FROM artists WHERE id = ?').bind(id),
    db.prepare('SELECT count(*) AS n FROM albums WHERE artist_id = ?').bind(id),
    db
      .prepare(
        `SELECT ${ALBUM_COLUMNS} FROM albums al JOIN artists ar ON ar.id = al.artist_id
         WHERE al.artist_id = ? ORDER BY al.release_date DESC, al.name LIMIT ? OFFSET ?`,
      )
      .bind(id, limit, offset),
  ]);
  if (exists!.results.length === 0) throw new NotFound(`No artist with id ${JSON.stringify(id)}.`, 'artist_not_found');
  return { items: (rows!.results as AlbumRow[]).map(albumView), total: (total!.results[0] as { n: number }).n };
}

export async function getAlbum(env: ShardEnv, reads: CatalogSessions, id: string) {
  const db = reads.shard(shardOf(env, 'CATALOG', id, ['alb'], 'album'));
  const row = await db.prepare(`SELECT ${ALBUM_COLUMNS} FROM albums al JOIN artists ar ON ar.id = al.artist_id WHERE al.id = ?`).bind(id).first<AlbumRow>();
  if (!row) throw new NotFound(`No album with id ${JSON.stringify(id)}.`, 'album_not_found');
  return albumView(row);
}

export async function listAlbumTracks(env: ShardEnv, reads: CatalogSessions, id: string, limit: number, offset: number) {
  const db = reads.shard(shardOf(env, 'CATALOG', id, ['alb'], 'album'));
  const [exists, total, rows] = await db.batch([
    db.prepare('SELECT 1 FROM albums WHERE id = ?').bind(id),
    db.prepare(`SELECT count(*) AS n FROM tracks WHERE album_id = ? AND status = 'ready'`).bind(id),
    db
      .prepare(
        `SELECT ${TRACK_COLUMNS} FROM tracks t WHERE t.album_id = ? AND t.status = 'ready'
         ORDER BY t.track_number IS NULL, t.track_number, t.rowid LIMIT ? OFFSET ?`,
      )
      .bind(id, limit, offset),
  ]);
  if (exists!.results.length === 0) throw new NotFound(`No album with id ${JSON.stringify(id)}.`, 'album_not_found');
  return { items: (rows!.results as TrackRow[]).map(trackView), total: (total!.results[0] as { n: number }).n };
}
