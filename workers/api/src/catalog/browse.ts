import { loadAlbums, loadArtists, type ShardReader } from '#core/catalog/reads.ts';
import { albumSummary, artistSummary, catalogTrack } from '#core/catalog/views.ts';
import { NotFound } from '#core/errors.ts';
import { shardOf, type ShardEnv } from '#core/shards.ts';
import { ALBUM_COLUMNS, albumRecordOf, TRACK_COLUMNS, trackFieldsOf, type AlbumRow, type TrackRow } from './listing-rows.ts';
import type { CatalogSessions } from './read-sessions.ts';

/** Read paths of the catalog. Each reads the one shard its id names, through the request's D1 sessions. */

const readerOf =
  (reads: CatalogSessions): ShardReader =>
  (shard) =>
    reads.shard(shard);

export async function getArtist(env: ShardEnv, reads: CatalogSessions, id: string) {
  const artist = (await loadArtists(env, [id], { reader: readerOf(reads) })).get(id);
  if (!artist) throw new NotFound(`No artist with id ${JSON.stringify(id)}.`, 'artist_not_found');
  return artistSummary(artist);
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
  return { items: (rows!.results as AlbumRow[]).map((a) => albumSummary(albumRecordOf(a))), total: (total!.results[0] as { n: number }).n };
}

export async function getAlbum(env: ShardEnv, reads: CatalogSessions, id: string) {
  const album = (await loadAlbums(env, [id], { reader: readerOf(reads) })).get(id);
  if (!album) throw new NotFound(`No album with id ${JSON.stringify(id)}.`, 'album_not_found');
  return albumSummary(album);
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
  return { items: (rows!.results as TrackRow[]).map((t) => catalogTrack(trackFieldsOf(t))), total: (total!.results[0] as { n: number }).n };
}
