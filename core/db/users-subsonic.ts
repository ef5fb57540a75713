import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './users-schema.ts';

/**
 * How Subsonic apps sign in (workers/api/src/subsonic/auth.ts), on the user's
 * own shard. The account password never works there: an app password (one per
 * account, stored encrypted, since token auth `t = md5(password + s)` needs
 * the password itself) or an API key (stored as a hash).
 */
export const subsonicCredentials = sqliteTable('subsonic_credentials', {
  userId: text('user_id')
    .primaryKey()
    .references(() => users.id),
  /** `v1.{iv}.{ciphertext}` (base64url): AES-GCM under the SUBSONIC_SECRET key, the user id as associated data. */
  passwordCiphertext: text('password_ciphertext').notNull(),
  createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
});

export const subsonicApiKeys = sqliteTable(
  'subsonic_api_keys',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** SHA-256 of the key's secret part; the key itself is shown once and never stored. */
    keyHash: text('key_hash').notNull(),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex('subsonic_api_keys_hash').on(t.keyHash), index('subsonic_api_keys_user').on(t.userId)],
);
