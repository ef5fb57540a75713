import { shardDb, shardOfId } from '#core/shards.ts';

/**
 * The private session setting, as periods on the listener's own shard
 * (private_sessions): on opens one, off closes it. While one is open the
 * listener is absent from everyone's friend activity; a play that started
 * inside any period (HIDDEN_PLAY) never shows as their last played, even after.
 */

const userDb = (env: Env, userId: string) => shardDb(env, 'USERS', shardOfId(env, 'USERS', userId));

/** SQL over `private_sessions p` for user `u.id`: true while a private session is open. */
export const IN_PRIVATE_SESSION = 'EXISTS (SELECT 1 FROM private_sessions p WHERE p.user_id = u.id AND p.ended_at IS NULL)';

/** SQL over a `listening_events e` row: true when the play started inside one of its listener's private sessions. */
export const HIDDEN_PLAY = `EXISTS (SELECT 1 FROM private_sessions p
  WHERE p.user_id = e.user_id AND p.started_at <= e.started_at AND (p.ended_at IS NULL OR e.started_at < p.ended_at))`;

export async function readPrivateSession(env: Env, userId: string): Promise<boolean> {
  const row = await userDb(env, userId).prepare(`SELECT ${IN_PRIVATE_SESSION} AS private FROM (SELECT ?1 AS id) u`).bind(userId).first<{ private: number }>();
  return row!.private === 1;
}

/**
 * Opens or closes the listener's private session; setting what already holds
 * changes nothing. A period opened in the same millisecond another closed starts
 * just after it, so periods never share a key.
 */
export async function writePrivateSession(env: Env, userId: string, on: boolean, now = Date.now()): Promise<boolean> {
  const db = userDb(env, userId);
  const change = on
    ? db
        .prepare(
          `INSERT INTO private_sessions (user_id, started_at)
           SELECT ?1, max(?2, coalesce((SELECT max(started_at) + 1 FROM private_sessions WHERE user_id = ?1), 0))
           WHERE NOT EXISTS (SELECT 1 FROM private_sessions WHERE user_id = ?1 AND ended_at IS NULL)`,
        )
        .bind(userId, now)
    : db.prepare('UPDATE private_sessions SET ended_at = max(?2, started_at + 1) WHERE user_id = ?1 AND ended_at IS NULL').bind(userId, now);
  const [, after] = await db.batch<{ private: number }>([change, db.prepare(`SELECT ${IN_PRIVATE_SESSION} AS private FROM (SELECT ?1 AS id) u`).bind(userId)]);
  return after!.results[0]!.private === 1;
}
