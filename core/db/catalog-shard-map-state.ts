// drizzle-kit reads the catalog schema from core/db/catalog*.ts; the table is shared with the users family.
export { shardMapState } from './shard-map-state.ts';
