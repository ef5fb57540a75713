import type { FanoutMode } from '#core/db/catalog-schema.ts';
import type { ReleaseMessage } from '#core/protocol/release-fanout.ts';
import { findShard, shardDb, shardOfId } from '#core/shards.ts';
import { multiRowStatements } from '../catalog/import/multi-row.ts';

/** Followers one `release` message delivers to; the next page goes on the queue as its own message. */
export const FOLLOWERS_PER_MESSAGE = 5000;

interface ReleasedAlbum {
  artist_id: string;
  released_at: number | null;
  fanout: FanoutMode | null;
  fanout_done_at: number | null;
  followers_total: number;
}

/** Above this many followers an artist's releases are pulled at read time instead of pushed. */
export const pushMaxFollowers = (env: Env) => Number(env.FANOUT_PUSH_MAX_FOLLOWERS);

/**
 * Delivers a released album to one page of its artist's followers. The first
 * message decides, once, whether the release is pushed or pulled (by the
 * artist's follower count against FANOUT_PUSH_MAX_FOLLOWERS) and records it on the
 * album; a pulled release is done right there, one write whatever the count.
 * A pushed one writes an inbox row to each follower of the page on their user
 * shard, grouped by shard, ≤ 100 bound parameters a statement; the row's key
 * (user, album) makes a redelivered page add nothing. The page after this one is
 * queued before this one is written, so pages proceed side by side; the last page
 * marks the fan-out done, which ends the album's place in the outbox.
 */
export async function fanOutRelease(env: Env, message: ReleaseMessage, now = Date.now()): Promise<void> {
  const shard = findShard(env, 'CATALOG', message.album_id, ['alb']);
  if (shard === null) return;
  const db = shardDb(env, 'CATALOG', shard);
  const album = await db
    .prepare(
      `SELECT al.artist_id, al.released_at, al.fanout, al.fanout_done_at, ar.followers_total
       FROM albums al JOIN artists ar ON ar.id = al.artist_id WHERE al.id = ?`,
    )
    .bind(message.album_id)
    .first<ReleasedAlbum>();
  if (!album || album.released_at === null || album.fanout_done_at !== null) return;

  const mode = album.fanout ?? (await decideMode(db, message.album_id, album.followers_total > pushMaxFollowers(env) ? 'pull' : 'push', now));
  if (mode === 'pull') return;

  const page = await db
    .prepare('SELECT user_id FROM artist_followers WHERE artist_id = ?1 AND user_id > ?2 ORDER BY user_id LIMIT ?3')
    .bind(album.artist_id, message.after_user_id ?? '', FOLLOWERS_PER_MESSAGE + 1)
    .all<{ user_id: string }>();
  const followers = page.results.slice(0, FOLLOWERS_PER_MESSAGE).map((r) => r.user_id);
  const more = page.results.length > FOLLOWERS_PER_MESSAGE;
  if (more) await env.RELEASE_FANOUT.send({ type: 'release', album_id: message.album_id, after_user_id: followers.at(-1)! });

  await writeInboxRows(env, followers, { albumId: message.album_id, artistId: album.artist_id, releasedAt: album.released_at });
  if (!more) await db.prepare('UPDATE albums SET fanout_done_at = ?2 WHERE id = ?1 AND fanout_done_at IS NULL').bind(message.album_id, now).run();
}

/** Records the mode unless another delivery already did; returns the mode that holds. A pull is done as it is decided. */
async function decideMode(db: D1Database, albumId: string, mode: FanoutMode, now: number): Promise<FanoutMode> {
  const row = await db
    .prepare(
      `UPDATE albums SET fanout = coalesce(fanout, ?2),
         fanout_done_at = CASE WHEN coalesce(fanout, ?2) = 'pull' THEN coalesce(fanout_done_at, ?3) ELSE fanout_done_at END
       WHERE id = ?1 RETURNING fanout`,
    )
    .bind(albumId, mode, now)
    .first<{ fanout: FanoutMode }>();
  return row?.fanout ?? mode;
}

interface Release {
  albumId: string;
  artistId: string;
  releasedAt: number;
}

async function writeInboxRows(env: Env, userIds: string[], release: Release): Promise<void> {
  const byShard = new Map<number, string[]>();
  for (const userId of userIds) {
    const shard = shardOfId(env, 'USERS', userId);
    byShard.set(shard, [...(byShard.get(shard) ?? []), userId]);
  }
  await Promise.all(
    [...byShard].map(([shard, users]) => {
      const db = shardDb(env, 'USERS', shard);
      return db.batch(
        multiRowStatements(
          db,
          'INSERT INTO inbox_items (user_id, album_id, artist_id, released_at)',
          'ON CONFLICT DO NOTHING',
          users.map((u) => [u, release.albumId, release.artistId, release.releasedAt]),
        ),
      );
    }),
  );
}
