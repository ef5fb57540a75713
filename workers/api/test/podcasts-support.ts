import { env } from 'cloudflare:test';
import { shardDb, shardOfId } from '#core/shards.ts';

/** The catalog shard holding a show (and so its episodes), for rows a test writes directly. */
export const episodeShardRow = (showId: string): D1Database => shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', showId));
