import { Forbidden, NotFound } from '#core/errors.ts';
import { shardDb, shardOf } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';

const trackNotFound = (id: string) => new NotFound(`No track with id ${JSON.stringify(id)}.`, 'track_not_found');

/** The shard database of a track that exists; 404 track_not_found otherwise. */
export async function trackShardDb(env: Env, trackId: string): Promise<D1Database> {
  const db = shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', trackId, ['trk'], 'track'));
  const row = await db.prepare('SELECT 1 FROM tracks WHERE id = ?').bind(trackId).first();
  if (!row) throw trackNotFound(trackId);
  return db;
}

/** A write session on a track's shard; its bookmark lets the writer read its own write (search skips the edge cache for it). */
export interface LyricsTarget {
  shard: number;
  db: D1DatabaseSession;
}

/**
 * The shard of a track whose lyrics this caller may set: an artist the track
 * credits (primary or featured) or an admin. Tracks are public, so 403 tells a
 * stranger nothing new.
 */
export async function lyricsTarget(env: Env, user: AuthUser, trackId: string): Promise<LyricsTarget> {
  const shard = shardOf(env, 'CATALOG', trackId, ['trk'], 'track');
  const db = shardDb(env, 'CATALOG', shard).withSession('first-primary');
  const row = await db
    .prepare(
      `SELECT t.artist_id = ?2 OR EXISTS (SELECT 1 FROM track_artists WHERE track_id = t.id AND artist_id = ?2) AS credited
       FROM tracks t WHERE t.id = ?1`,
    )
    .bind(trackId, user.artistId ?? '')
    .first<{ credited: number }>();
  if (!row) throw trackNotFound(trackId);
  if (user.role !== 'admin' && !(user.artistId !== null && row.credited === 1)) {
    throw new Forbidden('Only an artist the track credits, or an admin, may set its lyrics.', 'not_your_track');
  }
  return { shard, db };
}
