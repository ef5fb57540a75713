import { log } from '../log.ts';
import type { FanoutMessage } from '../protocol/release-fanout.ts';

/** The binding that puts messages on the release fan-out queue. */
export interface FanoutQueueEnv {
  RELEASE_FANOUT: Queue<FanoutMessage>;
}

/**
 * When an album is released: the first time it has a ready track and its
 * `release_date` (if any) is not in the future. One conditional UPDATE sets
 * `released_at` once, so of racing callers (an import, a transcode finishing, the
 * sweep) exactly one gets the album back and queues its fan-out. Until the fan-out
 * is done (`fanout_done_at`) the album is owed one: the sweep queues it again if
 * that send was lost (an outbox in the album row itself).
 */

const DUE = `released_at IS NULL
  AND (release_date IS NULL OR release_date <= ?1)
  AND EXISTS (SELECT 1 FROM tracks WHERE tracks.album_id = albums.id AND tracks.status = 'ready')`;

/** `release_date` is a day (`YYYY-MM-DD`, or a year or year-month); an album is due from the start of that UTC day. */
const today = (now: number) => new Date(now).toISOString().slice(0, 10);

/** Releases every due album of this shard (index albums_unreleased); returns their ids. */
export async function releaseDueAlbums(db: D1Database | D1DatabaseSession, now: number): Promise<string[]> {
  const { results } = await db
    .prepare(`UPDATE albums SET released_at = ?2 WHERE id IN (SELECT id FROM albums INDEXED BY albums_unreleased WHERE ${DUE}) RETURNING id`)
    .bind(today(now), now)
    .run<{ id: string }>();
  return results.map((r) => r.id);
}

/** Releases the album of a track that just became ready, if it is due; returns its id, or null. */
export async function releaseAlbumOfTrack(db: D1Database, trackId: string, now: number): Promise<string | null> {
  const row = await db
    .prepare(`UPDATE albums SET released_at = ?2 WHERE id = (SELECT album_id FROM tracks WHERE id = ?3) AND ${DUE} RETURNING id`)
    .bind(today(now), now, trackId)
    .first<{ id: string }>();
  return row?.id ?? null;
}

/** Released albums whose fan-out was queued more than `olderThanMs` ago and never finished (index albums_fanout_owed). */
export async function owedFanouts(db: D1Database, now: number, olderThanMs: number, limit: number): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT id FROM albums INDEXED BY albums_fanout_owed
       WHERE released_at IS NOT NULL AND fanout_done_at IS NULL AND released_at <= ?1 ORDER BY released_at LIMIT ?2`,
    )
    .bind(now - olderThanMs, limit)
    .all<{ id: string }>();
  return results.map((r) => r.id);
}

/** Queues the fan-out of released albums. A failed send is not lost: the album stays owed and the sweep sends it again. */
export async function queueReleases(env: FanoutQueueEnv, albumIds: string[]): Promise<void> {
  for (let i = 0; i < albumIds.length; i += 100)
    await env.RELEASE_FANOUT.sendBatch(albumIds.slice(i, i + 100).map((id) => ({ body: { type: 'release', album_id: id } })));
}

/**
 * After a track became ready: releases its album if this was the album's first
 * ready track, and queues the fan-out. Never throws: the transcode already
 * succeeded, and whatever fails here the release sweep finds and finishes.
 */
export async function releaseAfterReady(env: FanoutQueueEnv, db: D1Database, trackId: string, worker: string): Promise<void> {
  try {
    const albumId = await releaseAlbumOfTrack(db, trackId, Date.now());
    if (albumId) await queueReleases(env, [albumId]);
  } catch (err) {
    log('warn', 'release_deferred', { worker, track_id: trackId, error: err instanceof Error ? err.message : String(err) });
  }
}
