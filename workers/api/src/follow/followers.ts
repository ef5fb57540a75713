import { and, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { libraryItems } from '#core/db/users-library.ts';
import { ServiceUnavailable } from '#core/errors.ts';
import { log } from '#core/log.ts';
import type { FollowSyncMessage } from '#core/protocol/release-fanout.ts';
import { groupByShard, shardDb, shardOfId } from '#core/shards.ts';
import { MAX_BOUND_PARAMETERS, multiRowStatements } from '../catalog/import/multi-row.ts';

/**
 * The follower lists on the artists' catalog shards (artist_followers), kept in
 * step with the followers' libraries, which are the truth: a follow is a saved
 * artist. The library is written first; then these rows. Both writes are
 * idempotent (insert-or-ignore, delete), and `followers_total` is kept by
 * triggers on the rows themselves, so a repeated or repaired write never counts
 * twice. When this second write fails, a `follow_sync` message repairs it from the
 * library later; when even that cannot be sent, the request fails with 503 and
 * the client's retry (the same PUT or DELETE) writes both again.
 */
export async function updateFollowers(env: Env, userId: string, artistIds: string[], following: boolean): Promise<void> {
  if (artistIds.length === 0) return;
  try {
    await writeFollowerRows(env, userId, artistIds, following, Date.now());
  } catch (err) {
    log('warn', 'follow_deferred', { worker: 'api', user_id: userId, artists: artistIds.length, error: String(err) });
    const repairs: FollowSyncMessage[] = artistIds.map((artistId) => ({ type: 'follow_sync', user_id: userId, artist_id: artistId }));
    try {
      await env.RELEASE_FANOUT.sendBatch(repairs.map((body) => ({ body })));
    } catch {
      throw new ServiceUnavailable('Following could not be recorded everywhere; send the same request again.', 5, 'follow_unavailable');
    }
  }
}

async function writeFollowerRows(env: Env, userId: string, artistIds: string[], following: boolean, now: number): Promise<void> {
  await Promise.all(
    [...groupByShard(env, 'CATALOG', artistIds, ['art'])].map(([shard, ids]) => {
      const db = shardDb(env, 'CATALOG', shard);
      const statements = following
        ? multiRowStatements(
            db,
            'INSERT INTO artist_followers (artist_id, user_id, followed_at)',
            'ON CONFLICT DO NOTHING',
            ids.map((id) => [id, userId, now]),
          )
        : unfollowStatements(db, userId, ids);
      return db.batch(statements);
    }),
  );
}

function unfollowStatements(db: D1Database, userId: string, artistIds: string[]): D1PreparedStatement[] {
  const perStatement = MAX_BOUND_PARAMETERS - 1;
  const out: D1PreparedStatement[] = [];
  for (let i = 0; i < artistIds.length; i += perStatement) {
    const chunk = artistIds.slice(i, i + perStatement);
    out.push(db.prepare(`DELETE FROM artist_followers WHERE user_id = ? AND artist_id IN (${chunk.map(() => '?').join(',')})`).bind(userId, ...chunk));
  }
  return out;
}

/** A `follow_sync` message: reads whether the library holds the artist now and makes the follower list say the same. */
export async function repairFollow(env: Env, { user_id: userId, artist_id: artistId }: FollowSyncMessage): Promise<void> {
  const saved = await drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', userId)))
    .select({ addedAt: libraryItems.addedAt })
    .from(libraryItems)
    .where(and(eq(libraryItems.userId, userId), eq(libraryItems.kind, 'artist'), eq(libraryItems.itemId, artistId)))
    .get();
  await writeFollowerRows(env, userId, [artistId], saved !== undefined, saved?.addedAt ?? Date.now());
}
