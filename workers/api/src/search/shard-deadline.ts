import type { ShardEnv } from '#core/shards.ts';
import { log } from '#core/log.ts';
import { withinDeadline as withinSharedDeadline } from '#core/within-deadline.ts';

/**
 * Each catalog shard gets SEARCH_SHARD_DEADLINE_MS to answer a search; a shard that
 * throws or is still busy then is left out, and the answer says it is partial
 * rather than failing (or waiting on) the whole search.
 */
export const DEFAULT_SHARD_DEADLINE_MS = 500;

/** Optional in config (wrangler.toml [vars]); DEFAULT_SHARD_DEADLINE_MS when unset. */
export interface SearchEnv extends ShardEnv {
  SEARCH_SHARD_DEADLINE_MS?: string;
}

export function shardDeadlineMs(env: SearchEnv): number {
  const n = Number(env.SEARCH_SHARD_DEADLINE_MS);
  return Number.isFinite(n) && n > 0 ? n : DEFAULT_SHARD_DEADLINE_MS;
}

/** Each shard's result, or undefined for one that failed or missed the deadline. */
export function withinDeadline<T>(tasks: (() => Promise<T>)[], deadlineMs: number): Promise<(T | undefined)[]> {
  return withinSharedDeadline(tasks, deadlineMs, (shard, reason) => log('warn', 'search_shard_left_out', { worker: 'api', shard, reason }));
}
