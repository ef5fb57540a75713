import { and, desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { subsonicApiKeys, subsonicCredentials } from '#core/db/users-subsonic.ts';
import { NotFound } from '#core/errors.ts';
import { randomToken } from '#core/ids.ts';
import { findShard, shardDb, shardOfId } from '#core/shards.ts';
import { sha256Hex, splitRefreshToken } from '../auth/tokens.ts';
import { open, seal } from './secret-box.ts';

/**
 * The credentials Subsonic apps sign in with, kept apart from the account
 * password (which never works on /rest): one app password per account, and
 * any number of named API keys. Both are shown once, when made.
 */

/** 24 base62 characters: about 142 bits, typed once into an app. */
const APP_PASSWORD_LENGTH = 24;
const API_KEY_SECRET_LENGTH = 32;

const secretOf = (env: Env) => env.SUBSONIC_SECRET;
const userDb = (env: Env, userId: string) => drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', userId)));

/** A new app password; it replaces the previous one, which stops working at once. The username is the user id. */
export async function issueAppPassword(env: Env, userId: string): Promise<{ username: string; password: string }> {
  const password = randomToken(APP_PASSWORD_LENGTH);
  const passwordCiphertext = await seal(secretOf(env), userId, password);
  await userDb(env, userId)
    .insert(subsonicCredentials)
    .values({ userId, passwordCiphertext })
    .onConflictDoUpdate({ target: subsonicCredentials.userId, set: { passwordCiphertext, createdAt: Date.now() } });
  return { username: userId, password };
}

export async function revokeAppPassword(env: Env, userId: string): Promise<void> {
  await userDb(env, userId).delete(subsonicCredentials).where(eq(subsonicCredentials.userId, userId));
}

/** The app password of a username, or null (no such user, none issued, revoked, or unreadable). */
export async function appPasswordOf(env: Env, username: string): Promise<string | null> {
  const shard = findShard(env, 'USERS', username, ['usr']);
  if (shard === null) return null;
  const row = await drizzle(shardDb(env, 'USERS', shard))
    .select({ box: subsonicCredentials.passwordCiphertext })
    .from(subsonicCredentials)
    .where(eq(subsonicCredentials.userId, username))
    .get();
  return row ? open(secretOf(env), username, row.box) : null;
}

// ---- API keys (OpenSubsonic apiKeyAuthentication): `{userId}.{secret}`, the user id routing to the shard ----

export interface ApiKeyView {
  id: string;
  name: string;
  created_at: string;
}

const viewOf = (row: { id: string; name: string; createdAt: number }): ApiKeyView => ({
  id: row.id,
  name: row.name,
  created_at: new Date(row.createdAt).toISOString(),
});

export async function issueApiKey(env: Env, userId: string, name: string): Promise<ApiKeyView & { key: string }> {
  const secret = randomToken(API_KEY_SECRET_LENGTH);
  const row = { id: `key_${randomToken(16)}`, userId, name, keyHash: await sha256Hex(secret), createdAt: Date.now() };
  await userDb(env, userId).insert(subsonicApiKeys).values(row);
  return { ...viewOf(row), key: `${userId}.${secret}` };
}

export async function listApiKeys(env: Env, userId: string): Promise<ApiKeyView[]> {
  const rows = await userDb(env, userId)
    .select()
    .from(subsonicApiKeys)
    .where(eq(subsonicApiKeys.userId, userId))
    .orderBy(desc(subsonicApiKeys.createdAt), desc(subsonicApiKeys.id));
  return rows.map(viewOf);
}

export async function revokeApiKey(env: Env, userId: string, id: string): Promise<void> {
  const gone = await userDb(env, userId)
    .delete(subsonicApiKeys)
    .where(and(eq(subsonicApiKeys.userId, userId), eq(subsonicApiKeys.id, id)))
    .returning({ id: subsonicApiKeys.id });
  if (gone.length === 0) throw new NotFound(`No API key with id ${JSON.stringify(id)}.`, 'api_key_not_found');
}

/** The user an API key belongs to, or null. */
export async function userOfApiKey(env: Env, key: string): Promise<string | null> {
  const parts = splitRefreshToken(key);
  const shard = parts && findShard(env, 'USERS', parts.userId, ['usr']);
  if (!parts || shard === null) return null;
  const row = await drizzle(shardDb(env, 'USERS', shard))
    .select({ userId: subsonicApiKeys.userId })
    .from(subsonicApiKeys)
    .where(and(eq(subsonicApiKeys.keyHash, await sha256Hex(parts.secret)), eq(subsonicApiKeys.userId, parts.userId)))
    .get();
  return row?.userId ?? null;
}
