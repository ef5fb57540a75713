import { NotFound, Unprocessable } from '#core/errors.ts';
import { findShard, groupByShard, shardDb, shardOfId } from '#core/shards.ts';
import type { PagingQuery } from '../http/paging.ts';
import type { FollowedPerson } from './schemas.ts';

/** How many people one listener may follow: friend activity reads the most recent ACTIVITY_MAX_FRIENDS of them. */
export const MAX_FOLLOWED_PEOPLE = 1000;

export interface Person {
  id: string;
  display_name: string;
}

const USER_URI = /^encore:user:(.+)$/;

/** Bare user ids or `encore:user:{id}` URIs (as `GET /me` names its caller); anything that cannot name a user account is refused. */
export function parseUserIds(env: Env, raw: string[]): string[] {
  return raw.map((value) => {
    const id = USER_URI.exec(value)?.[1] ?? value;
    if (findShard(env, 'USERS', id, ['usr']) === null) throw new Unprocessable(`${JSON.stringify(value)} is not a user id.`, 'invalid_id');
    return id;
  });
}

const followerDb = (env: Env, followerId: string) => shardDb(env, 'USERS', shardOfId(env, 'USERS', followerId));

/**
 * Follows every person or none: a person with no account is a 404, yourself a
 * 422, and so is going over MAX_FOLLOWED_PEOPLE. Following someone again keeps
 * when it first happened. The rows sit on the follower's shard; the guard in the
 * insert keeps the limit even against a concurrent call.
 */
export async function followPeople(env: Env, followerId: string, ids: string[], now = Date.now()): Promise<void> {
  if (ids.includes(followerId)) throw new Unprocessable('You cannot follow yourself.', 'cannot_follow_self');
  const found = await loadPeople(env, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length) throw new NotFound(`No user with id ${missing.map((m) => JSON.stringify(m)).join(', ')}; nobody was followed.`, 'user_not_found');

  const db = followerDb(env, followerId);
  const json = JSON.stringify(ids);
  const current = '(SELECT count(*) FROM user_follows WHERE follower_id = ?1)';
  const fresh = '(SELECT count(*) FROM json_each(?2) j WHERE j.value NOT IN (SELECT followee_id FROM user_follows WHERE follower_id = ?1))';
  const count = async () =>
    (await db.prepare(`SELECT ${current} AS current, ${fresh} AS fresh`).bind(followerId, json).first<{ current: number; fresh: number }>())!;
  const counts = await count();
  if (counts.current + counts.fresh > MAX_FOLLOWED_PEOPLE) throw tooMany(counts.current + counts.fresh);
  const { meta } = await db
    .prepare(
      `INSERT INTO user_follows (follower_id, followee_id, followed_at)
       SELECT ?1, j.value, ?3 + j.key FROM json_each(?2) j WHERE ${current} + ${fresh} <= ?4
       ON CONFLICT DO NOTHING`,
    )
    .bind(followerId, json, now, MAX_FOLLOWED_PEOPLE)
    .run();
  // The count said there was room; if the guard still wrote nothing, a concurrent follow took it (unless it followed these same people).
  if (meta.changes === 0 && counts.fresh > 0) {
    const again = await count();
    if (again.fresh > 0) throw tooMany(again.current + again.fresh);
  }
}

const tooMany = (n: number) =>
  new Unprocessable(`You can follow at most ${MAX_FOLLOWED_PEOPLE} people (this would make ${n}); nobody was followed.`, 'too_many_follows');

/** Unfollowing someone not followed, or whose account is gone, is a no-op. */
export async function unfollowPeople(env: Env, followerId: string, ids: string[]): Promise<void> {
  await followerDb(env, followerId)
    .prepare('DELETE FROM user_follows WHERE follower_id = ?1 AND followee_id IN (SELECT value FROM json_each(?2))')
    .bind(followerId, JSON.stringify(ids))
    .run();
}

/** The people a listener follows, most recently followed first. */
export async function followedIds(
  env: Env,
  followerId: string,
  { limit, offset }: PagingQuery,
): Promise<{ rows: { id: string; followed_at: number }[]; total: number }> {
  const db = followerDb(env, followerId);
  const [rows, total] = await db.batch([
    db
      .prepare('SELECT followee_id AS id, followed_at FROM user_follows WHERE follower_id = ? ORDER BY followed_at DESC, followee_id DESC LIMIT ? OFFSET ?')
      .bind(followerId, limit, offset),
    db.prepare('SELECT count(*) AS n FROM user_follows WHERE follower_id = ?').bind(followerId),
  ]);
  return { rows: rows!.results as { id: string; followed_at: number }[], total: (total!.results[0] as { n: number }).n };
}

/** Accounts by id, read from each one's own shard (one query per shard); ids with no account are absent. */
export async function loadPeople(env: Env, ids: string[]): Promise<Map<string, Person>> {
  const perShard = await Promise.all(
    [...groupByShard(env, 'USERS', ids, ['usr'])].map(async ([shard, shardIds]) => {
      const { results } = await shardDb(env, 'USERS', shard)
        .prepare('SELECT id, display_name FROM users WHERE id IN (SELECT value FROM json_each(?))')
        .bind(JSON.stringify(shardIds))
        .all<Person>();
      return results;
    }),
  );
  return new Map(perShard.flat().map((p) => [p.id, p]));
}

/** A page of followed people; accounts since gone are left out. */
export async function followedPeople(env: Env, followerId: string, q: PagingQuery): Promise<[FollowedPerson[], number]> {
  const { rows, total } = await followedIds(env, followerId, q);
  const people = await loadPeople(
    env,
    rows.map((r) => r.id),
  );
  const items = rows.flatMap((r) => {
    const person = people.get(r.id);
    return person
      ? [{ id: r.id, type: 'user' as const, uri: `encore:user:${r.id}`, display_name: person.display_name, followed_at: new Date(r.followed_at).toISOString() }]
      : [];
  });
  return [items, total];
}
