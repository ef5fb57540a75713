import { sql } from 'drizzle-orm';
import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { PRODUCTS } from '../protocol/tiers.ts';

/** Tables of every user-data shard. A user's shard follows from their email (see shards.ts). */

export const roles = ['listener', 'artist', 'admin'] as const;
export type Role = (typeof roles)[number];

export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull(),
    /** `pbkdf2-sha256$iterations$salt$hash`, base64url parts. */
    passwordHash: text('password_hash').notNull(),
    displayName: text('display_name').notNull(),
    role: text('role', { enum: roles }).notNull(),
    /** The artist profile (in a catalog shard) this account manages, for artists. */
    artistId: text('artist_id'),
    product: text('product', { enum: PRODUCTS }).notNull().default('free'),
    country: text('country'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [uniqueIndex('users_email').on(t.email)],
);

/** One per login (or registration): every refresh token rotated from it belongs to it, and dies with it. */
export const refreshFamilies = sqliteTable(
  'refresh_families',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    /** Set by logout, or when a rotated token is presented again (a stolen copy in use). */
    revokedAt: integer('revoked_at'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
  },
  (t) => [index('refresh_families_user').on(t.userId)],
);

export const refreshTokens = sqliteTable(
  'refresh_tokens',
  {
    /** SHA-256 of the token secret; the token itself is never stored. */
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id),
    expiresAt: integer('expires_at').notNull(),
    /** Set when the token is used: refresh tokens rotate and work once. */
    usedAt: integer('used_at'),
    createdAt: integer('created_at').notNull().default(sql`(unixepoch() * 1000)`),
    /** Null only in rows older than families (migration 0005 fills it). */
    familyId: text('family_id').references(() => refreshFamilies.id),
    /** The hash of the token this one was rotated into. */
    replacedBy: text('replaced_by'),
  },
  (t) => [index('refresh_tokens_user').on(t.userId)],
);
