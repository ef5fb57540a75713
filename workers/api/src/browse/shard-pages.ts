/**
 * One page of a list spread over several shards. Each shard returns its own
 * first `offset + limit` rows in the list's order; the page is the slice of
 * their merge. Lists that page this way cap their depth (BROWSE_MAX_DEPTH), so
 * no request reads more than that many rows from a shard.
 */
export const BROWSE_MAX_DEPTH = 1000;

export function mergedPage<T>(perShard: T[][], compare: (a: T, b: T) => number, offset: number, limit: number): T[] {
  return perShard
    .flat()
    .sort(compare)
    .slice(offset, offset + limit);
}
