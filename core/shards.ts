import { retryingD1 } from './db/retrying-d1.ts';
import { NotFound } from './errors.ts';
import { parseId, type IdKind } from './ids.ts';
import { stableHash } from './stable-hash.ts';

/**
 * Shard routing. Data lives in several D1 databases: catalog shards (split by
 * artist: an artist's albums, tracks and uploads share one) and user-data shards
 * (split by account). Bindings are named `CATALOG_0..n-1` and `USERS_0..n-1`; the
 * counts are config values (`CATALOG_SHARD_COUNT`, `USER_SHARD_COUNT`).
 */
export type ShardFamily = 'CATALOG' | 'USERS';

export interface ShardEnv {
  CATALOG_SHARD_COUNT: string;
  USER_SHARD_COUNT: string;
}

export function shardCount(env: ShardEnv, family: ShardFamily): number {
  const raw = family === 'CATALOG' ? env.CATALOG_SHARD_COUNT : env.USER_SHARD_COUNT;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${family} shard count is not a positive integer: ${raw}`);
  return n;
}

export function shardDb(env: ShardEnv, family: ShardFamily, shard: number): D1Database {
  const db = (env as unknown as Record<string, D1Database | undefined>)[`${family}_${shard}`];
  if (!db) throw new Error(`No D1 binding ${family}_${shard}`);
  // Every caller gets reads retried on transient D1 errors (core/db/retrying-d1.ts).
  return retryingD1(db);
}

export function allShardDbs(env: ShardEnv, family: ShardFamily): D1Database[] {
  return Array.from({ length: shardCount(env, family) }, (_, i) => shardDb(env, family, i));
}

/** The shard that holds an id of one of these kinds; null for an id that is malformed, of another kind, or names a shard we do not have. */
export function findShard(env: ShardEnv, family: ShardFamily, id: string, kinds: IdKind[]): number | null {
  const parsed = parseId(id);
  if (!parsed || !kinds.includes(parsed.kind as IdKind) || parsed.shard >= shardCount(env, family)) return null;
  return parsed.shard;
}

/** The shard that holds an id, or NotFound for an id that findShard cannot place. */
export function shardOf(env: ShardEnv, family: ShardFamily, id: string, kinds: IdKind[], what = 'resource'): number {
  const shard = findShard(env, family, id, kinds);
  if (shard === null) throw new NotFound(`No ${what} with id ${JSON.stringify(id)}.`, `${what.replace(/ /g, '_')}_not_found`);
  return shard;
}

/** Distinct ids grouped by the shard that holds them; ids findShard cannot place are left out. */
export function groupByShard(env: ShardEnv, family: ShardFamily, ids: Iterable<string>, kinds: IdKind[]): Map<number, string[]> {
  const groups = new Map<number, string[]>();
  for (const id of new Set(ids)) {
    const shard = findShard(env, family, id, kinds);
    if (shard !== null) groups.set(shard, [...(groups.get(shard) ?? []), id]);
  }
  return groups;
}

/** FNV-1a: a fast, stable hash for placing new keys on a shard. */
export function hashToShard(key: string, count: number): number {
  return stableHash(key) % count;
}

/** A user's shard follows from their email, so login needs no directory lookup. */
export function userShardForEmail(env: ShardEnv, email: string): number {
  return hashToShard(email.trim().toLowerCase(), shardCount(env, 'USERS'));
}
