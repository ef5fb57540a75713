import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The runtime state of a family's shard map, kept in the family's home database
 * (the first binding of the map in config, e.g. CATALOG_0) and read by every worker
 * that routes by the map (core/shard-map-runtime.ts). No row: the map in config
 * holds. The table exists on every shard of the family (one migrations folder);
 * only the home database's copy is read. Written by a reshard (workers/api/src/reshard/).
 */
export const shardMapState = sqliteTable('shard_map_state', {
  family: text('family').primaryKey(),
  /** The shard map in force, in the config's JSON form. */
  map: text('map').notNull(),
  /** A range of virtual shards whose writes are refused (503) while it moves: `{"from":n,"to":m}`, or null. */
  frozen: text('frozen'),
  /** The move in progress (workers/api/src/reshard/move-state.ts), or null. */
  move: text('move'),
  updatedAt: integer('updated_at').notNull(),
});
