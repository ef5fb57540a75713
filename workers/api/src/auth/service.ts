import { and, eq, gt, isNull } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { artists } from '../../../../core/db/catalog-schema.ts';
import { refreshTokens, users, type Role } from '../../../../core/db/users-schema.ts';
import { Conflict, TooManyRequests, Unauthorized } from '../../../../core/errors.ts';
import { findShard, hashToShard, shardCount, shardDb, userShardForEmail } from '../../../../core/shards.ts';
import { newId, parseId, randomToken } from '../../../../core/ids.ts';
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

function isAdminEmail(env: Env, email: string): boolean {
  return env.ADMIN_EMAILS.split(',').map(normaliseEmail).includes(email);
}

export async function register(env: Env, input: { email: string; password: string; display_name: string; role: 'listener' | 'artist' }): Promise<Session> {
  const email = normaliseEmail(input.email);
  const shard = userShardForEmail(env, email);
  const db = drizzle(shardDb(env, 'USERS', shard));
  const taken = await db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
  if (taken) throw new Conflict('An account with this email already exists.', 'email_taken');

  const userId = newId('usr', shard);
  const role: Role = isAdminEmail(env, email) ? 'admin' : input.role;
  let artistId: string | null = null;
  if (input.role === 'artist') {
    // The artist profile lives in a catalog shard so their tracks sit beside it.
    const catalogShard = hashToShard(userId, shardCount(env, 'CATALOG'));
    artistId = newId('art', catalogShard);
    await drizzle(shardDb(env, 'CATALOG', catalogShard)).insert(artists).values({ id: artistId, name: input.display_name, userId });
  }
  try {
    await db.insert(users).values({ id: userId, email, passwordHash: await hashPassword(input.password), displayName: input.display_name, role, artistId });
  } catch (err) {
    // Lost a race for the same email: the unique index decided.
    if (String(err).includes('UNIQUE')) throw new Conflict('An account with this email already exists.', 'email_taken');
    throw err;
  }
  return startSession(env, toAuthUser(await loadUser(env, userId)));
}

/** The login limiter's window, in seconds (wrangler.toml `[[ratelimits]]` period). */
const LOGIN_LIMIT_PERIOD_SECONDS = 60;

export async function login(env: Env, input: { email: string; password: string }): Promise<Session> {
  const email = normaliseEmail(input.email);
  // Counted per account, before the password is checked, so guessing one account's password stalls
  // whichever address the guesses come from.
  if (!(await env.LOGIN_LIMITER.limit({ key: `login:${email}` })).success) {
    throw new TooManyRequests('Too many sign-in attempts for this account; wait a minute and try again.', LOGIN_LIMIT_PERIOD_SECONDS, 'too_many_attempts');
  }
  const db = drizzle(shardDb(env, 'USERS', userShardForEmail(env, email)));
  const user = await db.select().from(users).where(eq(users.email, email)).get();
  if (!user) {
    await burnPasswordCheck(input.password);
    throw new Unauthorized('Email or password is wrong.', 'invalid_credentials');
  }
  if (!(await verifyPassword(input.password, user.passwordHash))) throw new Unauthorized('Email or password is wrong.', 'invalid_credentials');
  return startSession(env, toAuthUser(user));
}

/** Refresh tokens rotate: each works once, and using one issues a new pair. */
export async function refresh(env: Env, token: string): Promise<Session> {
  const invalid = new Unauthorized('The refresh token is invalid, used or expired.', 'invalid_refresh_token');
  const parts = splitRefreshToken(token);
  const shard = parts && findShard(env, 'USERS', parts.userId, ['usr']);
  if (!parts || shard === null) throw invalid;
  const db = drizzle(shardDb(env, 'USERS', shard));
  const tokenHash = await sha256Hex(parts.secret);
  const claimed = await db
    .update(refreshTokens)
    .set({ usedAt: Date.now() })
    .where(and(eq(refreshTokens.tokenHash, tokenHash), eq(refreshTokens.userId, parts.userId), isNull(refreshTokens.usedAt), gt(refreshTokens.expiresAt, Date.now())))
    .returning({ userId: refreshTokens.userId })
    .get();
  if (!claimed) throw invalid;
  return startSession(env, toAuthUser(await loadUser(env, claimed.userId)));
}

export async function loadUser(env: Env, userId: string): Promise<UserRow> {
  const shard = findShard(env, 'USERS', userId, ['usr']);
  if (shard === null) throw new Unauthorized('The account no longer exists.', 'unknown_user');
  const user = await drizzle(shardDb(env, 'USERS', shard)).select().from(users).where(eq(users.id, userId)).get();
  if (!user) throw new Unauthorized('The account no longer exists.', 'unknown_user');
  return user;
}

export function toAuthUser(user: UserRow): AuthUser {
  return { id: user.id, role: user.role, displayName: user.displayName, artistId: user.artistId, product: user.product };
}

async function startSession(env: Env, user: AuthUser): Promise<Session> {
  const ttl = Number(env.ACCESS_TOKEN_TTL_SECONDS);
  const secret = randomToken(32);
  const shard = parseId(user.id)!.shard;
  await drizzle(shardDb(env, 'USERS', shard))
    .insert(refreshTokens)
    .values({ tokenHash: await sha256Hex(secret), userId: user.id, expiresAt: Date.now() + Number(env.REFRESH_TOKEN_TTL_SECONDS) * 1000 });
  return {
    access_token: await issueAccessToken(user, env.JWT_SECRET, ttl),
    refresh_token: `${user.id}.${secret}`,
    token_type: 'Bearer',
    expires_in: ttl,
    user: { id: user.id, display_name: user.displayName, role: user.role },
  };
}
