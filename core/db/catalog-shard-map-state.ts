// drizzle-kit reads the catalog schema from core/db/catalog*.ts; the table is the catalog's (the family a reshard moves).
export { shardMapState } from './shard-map-state.ts';
