// drizzle-kit reads the users schema from core/db/users*.ts; the table is shared with the catalog family.
export { shardMapState } from './shard-map-state.ts';
