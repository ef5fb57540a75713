import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** What a listener saved, on their own user shard. `item_id` is a catalog id (`trk…`, `alb…`, `art…`, `shw…`: a followed podcast show). */
export const libraryKinds = ['track', 'album', 'artist', 'show'] as const;
export type LibraryKind = (typeof libraryKinds)[number];

export const libraryItems = sqliteTable(
  'library_items',
  {
    userId: text('user_id').notNull(),
    kind: text('kind', { enum: libraryKinds }).notNull(),
    itemId: text('item_id').notNull(),
    addedAt: integer('added_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.itemId] }), index('library_items_user_kind_added').on(t.userId, t.kind, t.addedAt)],
);
