import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { users } from '#core/db/users-schema.ts';
import { type Region, REGIONS, regionsByLikelihood } from '#core/regions.ts';
import { shardDb, userShardForEmail } from '#core/shards.ts';

/**
 * An email's account is in one region, on the email's virtual shard there
 * (shards.ts userShardForEmail); which region, the email does not say. Lookups
 * try the region the caller's country suggests first, then the others.
 */
type UserRow = typeof users.$inferSelect;

const accountsIn = (env: Env, region: Region, email: string) => drizzle(shardDb(env, 'USERS', userShardForEmail(env, region, email)));

/** The account registered with this (normalised) email, in whichever region holds it; null when none does. */
export async function findAccountByEmail(env: Env, email: string, country: string | null): Promise<UserRow | null> {
  for (const region of regionsByLikelihood(country)) {
    const user = await accountsIn(env, region, email).select().from(users).where(eq(users.email, email)).get();
    if (user) return user;
  }
  return null;
}

/** Whether an account other than `exceptId` holds this email in any region. */
export async function emailTaken(env: Env, email: string, exceptId: string | null = null): Promise<boolean> {
  const found = await Promise.all(
    REGIONS.map((region) => accountsIn(env, region, email).select({ id: users.id }).from(users).where(eq(users.email, email)).get()),
  );
  return found.some((row) => row && row.id !== exceptId);
}

/** Takes back an account that lost its email to a registration in another region (nothing else refers to it yet). */
export async function withdrawAccount(env: Env, region: Region, email: string, userId: string): Promise<void> {
  const db = shardDb(env, 'USERS', userShardForEmail(env, region, email));
  // A login may have slipped in between: its refresh tokens go too.
  await db.batch([
    db.prepare('DELETE FROM refresh_tokens WHERE user_id = ?').bind(userId),
    db.prepare('DELETE FROM refresh_families WHERE user_id = ?').bind(userId),
    db.prepare('DELETE FROM users WHERE id = ?').bind(userId),
  ]);
}
