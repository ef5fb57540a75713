import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { users } from '#core/db/users-schema.ts';
import { findShard, shardDb } from '#core/shards.ts';

/** An account by id, read from its own shard; null when the id names no account. */
export async function findUser(env: Env, userId: string): Promise<{ id: string; display_name: string } | null> {
  const shard = findShard(env, 'USERS', userId, ['usr']);
  if (shard === null) return null;
  const row = await drizzle(shardDb(env, 'USERS', shard))
    .select({ id: users.id, displayName: users.displayName })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  return row ? { id: row.id, display_name: row.displayName } : null;
}
