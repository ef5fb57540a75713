import { integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Share links (`POST /api/v1/share`, `GET /s/{code}`), kept in the catalog's
 * home database (CATALOG_0, as shard_map_state): a page request knows nothing
 * but the code, and one fixed table answers it without a lookup; a reshard
 * moves ranges, never the home. Links are few next to plays and their pages
 * are edge-cached, so one database carries them. The table exists on every
 * catalog shard (one migrations folder); only the home's copy is used. No
 * account is stored: a link names only what it shows, so one uri has one code.
 */
export const shareLinks = sqliteTable('share_links', {
  code: text('code').primaryKey(),
  /** `encore:{kind}:{id}`; unique, so sharing it again returns the same code. */
  uri: text('uri').notNull().unique(),
  createdAt: integer('created_at').notNull(),
});
