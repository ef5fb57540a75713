import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { users } from '#core/db/users-schema.ts';
import type { Product } from '#core/protocol/tiers.ts';
import { shardDb, shardOf } from '#core/shards.ts';

/**
 * Sets an account's tier on its user shard. Access tokens already issued keep
 * the tier they carry until they expire; the next refresh reads the account
 * again (auth/service.ts refresh), so a change reaches the listener then.
 */
export async function setProduct(env: Env, userId: string, product: Product) {
  const db = drizzle(shardDb(env, 'USERS', shardOf(env, 'USERS', userId, ['usr'], 'user')));
  const updated = await db
    .update(users)
    .set({ product })
    .where(eq(users.id, userId))
    .returning({ id: users.id, displayName: users.displayName, role: users.role, product: users.product })
    .get();
  return updated ?? null;
}
