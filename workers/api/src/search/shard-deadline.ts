import type { ShardEnv } from '#core/shards.ts';
import { log } from '#core/log.ts';

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
export async function withinDeadline<T>(tasks: (() => Promise<T>)[], deadlineMs: number): Promise<(T | undefined)[]> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), deadlineMs);
  });
  try {
    return await Promise.all(
      tasks.map(async (task, shard) => {
        const outcome = await Promise.race([
          Promise.resolve()
            .then(task)
            .then(
              (value) => ({ value }),
              (error: unknown) => ({ error }),
            ),
          deadline,
        ]);
        if (outcome === 'late') return warn(shard, `no answer within ${deadlineMs} ms`);
        if ('error' in outcome) return warn(shard, outcome.error instanceof Error ? outcome.error.message : String(outcome.error));
        return outcome.value;
      }),
    );
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}

function warn(shard: number, reason: string): undefined {
  log('warn', 'search_shard_left_out', { worker: 'api', shard, reason });
  return undefined;
}
