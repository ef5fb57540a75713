import { and, eq, isNull } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { artists } from '#core/db/catalog-schema.ts';
import { refreshFamilies, refreshTokens, users, type Role } from '#core/db/users-schema.ts';
import { Conflict, Unauthorized } from '#core/errors.ts';
import { findShard, placeOnVirtualShard, shardDb, shardOfId, shardOfVirtual, userShardForEmail, userVirtualShardForEmail } from '#core/shards.ts';
import { newId, newUserDataId, randomToken } from '#core/ids.ts';
import { type Region, regionForCountry } from '#core/regions.ts';
import { emailTaken, findAccountByEmail, withdrawAccount } from './accounts-by-email.ts';
import { admitLogin, admitRegistration } from './attempt-limits.ts';
import { burnPasswordCheck, hashPassword, verifyPassword } from './passwords.ts';
import { issueAccessToken, sha256Hex, splitRefreshToken, type AuthUser } from './tokens.ts';

export interface Session {
  access_token: string;
  refresh_token: string;
  token_type: 'Bearer';
  expires_in: number;
  user: { id: string; display_name: string; role: Role };
}

type UserRow = typeof users.$inferSelect;

const normaliseEmail = (email: string) => email.trim().toLowerCase();

/** ADMIN_EMAILS is a secret (.dev.vars in development); where it is not set, nobody is admin. */
function isAdminEmail(env: Env, email: string): boolean {
  const listed = (env as { ADMIN_EMAILS?: string }).ADMIN_EMAILS ?? '';
  return listed.split(',').map(normaliseEmail).filter(Boolean).includes(email);
}

const emailTakenError = () => new Conflict('An account with this email already exists.', 'email_taken');

/**
 * `address` is the caller's (attempt-limits.ts clientAddress), counted before anything is looked up or hashed;
 * `country` (request-country.ts) picks the data region when the body names none.
 */
export async function register(
  env: Env,
  input: { email: string; password: string; display_name: string; role: 'listener' | 'artist'; data_region?: Region | undefined },
  address: string,
  country: string | null,
): Promise<Session> {
  await admitRegistration(env, address);
  const email = normaliseEmail(input.email);
  const region = input.data_region ?? regionForCountry(country);
  if (await emailTaken(env, email)) throw emailTakenError();

  const userId = newUserDataId('usr', region, userVirtualShardForEmail(email));
  const db = drizzle(shardDb(env, 'USERS', userShardForEmail(env, region, email)));
  const role: Role = isAdminEmail(env, email) ? 'admin' : input.role;
  // The artist profile lives in a catalog shard so their tracks sit beside it; it is written only
  // once the account row has won the email, so a lost race leaves nothing behind.
  const catalogVirtualShard = placeOnVirtualShard('CATALOG', userId);
  const artistId = input.role === 'artist' ? newId('art', catalogVirtualShard) : null;
  try {
    await db.insert(users).values({ id: userId, email, passwordHash: await hashPassword(input.password), displayName: input.display_name, role, artistId });
  } catch (err) {
    // Lost a race for the same email in this region: the unique index decided.
    if (isUniqueViolation(err)) throw emailTakenError();
    throw err;
  }
  // A registration of the same email in another region may have run at the same time. Each checks
  // the other regions after its own insert, so the later check always sees the other account: an
  // account that sees another withdraws, and at most one survives (when both see each other, both
  // withdraw and the next attempt succeeds).
  if (await emailTaken(env, email, userId)) {
    await withdrawAccount(env, region, email, userId);
    throw emailTakenError();
  }
  if (artistId)
    await drizzle(shardDb(env, 'CATALOG', shardOfVirtual(env, 'CATALOG', catalogVirtualShard)))
      .insert(artists)
      .values({ id: artistId, name: input.display_name, userId });
  return startSession(env, toAuthUser(await loadUser(env, userId)));
}

/** drizzle wraps D1's error; the constraint's own message is on the cause chain. */
function isUniqueViolation(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    if (String(e).includes('UNIQUE constraint failed')) return true;
  }
  return false;
}

/** `country` (request-country.ts) says which region to look in first. */
export async function login(env: Env, input: { email: string; password: string }, address: string, country: string | null): Promise<Session> {
  const email = normaliseEmail(input.email);
  // Every attempt counts, right or wrong, and before the password is hashed.
  await admitLogin(env, email, address);
  const user = await findAccountByEmail(env, email, country);
  if (!user) {
    await burnPasswordCheck(input.password);
    throw new Unauthorized('Email or password is wrong.', 'invalid_credentials');
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) throw new Unauthorized('Email or password is wrong.', 'invalid_credentials');
  return startSession(env, toAuthUser(user));
}

const invalidRefresh = () => new Unauthorized('The refresh token is invalid, used or expired.', 'invalid_refresh_token');

/**
 * Refresh tokens rotate: each works once, and using one issues a new pair in
 * the same family. A token presented after it was rotated revokes its family,
 * so whichever of the thief and the owner comes second ends the login for both.
 * One atomic batch of guarded statements decides it: no read-then-write gap.
 */
export async function refresh(env: Env, token: string): Promise<Session> {
  const parts = splitRefreshToken(token);
  const shard = parts && findShard(env, 'USERS', parts.userId, ['usr']);
  if (!parts || shard === null) throw invalidRefresh();
  const db = shardDb(env, 'USERS', shard);
  const now = Date.now();
  const presented = await sha256Hex(parts.secret);
  const secret = randomToken(32);
  const successor = await sha256Hex(secret);
  const [, claimed] = await db.batch([
    db
      .prepare(
        'UPDATE refresh_families SET revoked_at = ?1 WHERE revoked_at IS NULL AND id = (SELECT family_id FROM refresh_tokens WHERE token_hash = ?2 AND user_id = ?3 AND used_at IS NOT NULL)',
      )
      .bind(now, presented, parts.userId),
    db
      .prepare(
        `UPDATE refresh_tokens SET used_at = ?1, replaced_by = ?2
         WHERE token_hash = ?3 AND user_id = ?4 AND used_at IS NULL AND expires_at > ?1
           AND family_id IN (SELECT id FROM refresh_families WHERE revoked_at IS NULL)
         RETURNING user_id`,
      )
      .bind(now, successor, presented, parts.userId),
    // Only if the claim above won: the successor joins the same family.
    db
      .prepare(
        'INSERT INTO refresh_tokens (token_hash, user_id, family_id, expires_at) SELECT ?1, user_id, family_id, ?2 FROM refresh_tokens WHERE token_hash = ?3 AND replaced_by = ?1',
      )
      .bind(successor, now + Number(env.REFRESH_TOKEN_TTL_SECONDS) * 1000, presented),
  ]);
  if (!claimed?.results.length) throw invalidRefresh();
  return sessionFor(env, toAuthUser(await loadUser(env, parts.userId)), `${parts.userId}.${secret}`);
}

/** Ends the login a refresh token belongs to: it and every token rotated from the same login stop refreshing. */
export async function logout(env: Env, token: string): Promise<void> {
  const parts = splitRefreshToken(token);
  const shard = parts && findShard(env, 'USERS', parts.userId, ['usr']);
  // An unknown or malformed token ends nothing; logout says the same either way.
  if (!parts || shard === null) return;
  const db = drizzle(shardDb(env, 'USERS', shard));
  const family = db
    .select({ id: refreshTokens.familyId })
    .from(refreshTokens)
    .where(and(eq(refreshTokens.tokenHash, await sha256Hex(parts.secret)), eq(refreshTokens.userId, parts.userId)));
  await db
    .update(refreshFamilies)
    .set({ revokedAt: Date.now() })
    .where(and(isNull(refreshFamilies.revokedAt), eq(refreshFamilies.id, family)));
}

export async function loadUser(env: Env, userId: string): Promise<UserRow> {
  const shard = findShard(env, 'USERS', userId, ['usr']);
  if (shard === null) throw new Unauthorized('The account no longer exists.', 'unknown_user');
  const user = await drizzle(shardDb(env, 'USERS', shard))
    .select()
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) throw new Unauthorized('The account no longer exists.', 'unknown_user');
  return user;
}

export function toAuthUser(user: UserRow): AuthUser {
  return { id: user.id, role: user.role, displayName: user.displayName, artistId: user.artistId, product: user.product };
}

/** A new login: a new refresh-token family, its first token, and an access token. */
async function startSession(env: Env, user: AuthUser): Promise<Session> {
  const secret = randomToken(32);
  const familyId = randomToken(24);
  const db = drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', user.id)));
  const expiresAt = Date.now() + Number(env.REFRESH_TOKEN_TTL_SECONDS) * 1000;
  await db.batch([
    db.insert(refreshFamilies).values({ id: familyId, userId: user.id }),
    db.insert(refreshTokens).values({ tokenHash: await sha256Hex(secret), userId: user.id, familyId, expiresAt }),
  ]);
  return sessionFor(env, user, `${user.id}.${secret}`);
}

async function sessionFor(env: Env, user: AuthUser, refreshToken: string): Promise<Session> {
  const ttl = Number(env.ACCESS_TOKEN_TTL_SECONDS);
  return {
    access_token: await issueAccessToken(user, env.JWT_SECRET, ttl),
    refresh_token: refreshToken,
    token_type: 'Bearer',
    expires_in: ttl,
    user: { id: user.id, display_name: user.displayName, role: user.role },
  };
}
