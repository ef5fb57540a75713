import { index, integer, primaryKey, real, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * Playlists on user shards. A playlist, its items and collaborators live on the
 * owner's shard (the id `pl{shard}_…` says which); a follow lives on the
 * follower's shard so `GET /me/playlists` reads one shard. The PlaylistRoom
 * Durable Object is the source of truth and writes these rows through, in order.
 */
export const playlists = sqliteTable(
  'playlists',
  {
    id: text('id').primaryKey(),
    ownerId: text('owner_id').notNull(),
    name: text('name').notNull(),
    description: text('description'),
    public: integer('public', { mode: 'boolean' }).notNull(),
    collaborative: integer('collaborative', { mode: 'boolean' }).notNull(),
    snapshotId: text('snapshot_id').notNull(),
    /** The room's mutation counter; write-through never moves it backwards. */
    version: integer('version').notNull(),
    itemCount: integer('item_count').notNull(),
    followerCount: integer('follower_count').notNull(),
    /** SHA-256 of the uploaded cover (core/artwork); null until one is set. Users migration 0006. */
    imageHash: text('image_hash'),
    /** The one listener an algorithmic playlist (Discover Weekly) is made for: they see it, private as it is; null for people's playlists. Users migration 0010. */
    madeFor: text('made_for'),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    deletedAt: integer('deleted_at'),
  },
  (t) => [index('playlists_owner').on(t.ownerId)],
);

/** Live items only; `position` is the room's order key (a gap-spaced real), so `ORDER BY position` is the list. */
export const playlistItems = sqliteTable(
  'playlist_items',
  {
    itemId: text('item_id').primaryKey(),
    playlistId: text('playlist_id').notNull(),
    trackId: text('track_id').notNull(),
    position: real('position').notNull(),
    addedBy: text('added_by').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [index('playlist_items_order').on(t.playlistId, t.position)],
);

export const playlistCollaborators = sqliteTable(
  'playlist_collaborators',
  {
    playlistId: text('playlist_id').notNull(),
    userId: text('user_id').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.playlistId, t.userId] })],
);

export const playlistFollows = sqliteTable(
  'playlist_follows',
  {
    userId: text('user_id').notNull(),
    playlistId: text('playlist_id').notNull(),
    followedAt: integer('followed_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.playlistId] }), index('playlist_follows_user_time').on(t.userId, t.followedAt)],
);
