import { desc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { featuredPlaylists } from '#core/db/catalog-browse.ts';
import { Forbidden } from '#core/errors.ts';
import { shardDb } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';
import type { PagingQuery } from '../http/paging.ts';
import { listedPlaylistsById } from '../playlists/listing.ts';

/** The featured index is global: it lives on catalog shard 0, beside the charts. */
const FEATURED_SHARD = 0;
/** Editorial lists are curated by hand; the featured list reads at most this many index entries. */
export const MAX_FEATURED = 500;

/** `editorial` in a playlist body is an admin's field; anyone else sending it (true or false) gets a 403. */
export function assertMayMarkEditorial(user: AuthUser, editorial: boolean | undefined): void {
  if (editorial !== undefined && user.role !== 'admin')
    throw new Forbidden('Only an admin may mark a playlist editorial (the editorial field).', 'editorial_admin_only');
}

/**
 * Records an admin's `editorial` choice for a playlist they own, after the room
 * accepted the create or update: true adds it to the featured index (or moves it
 * to the front), false takes it out.
 */
export async function recordEditorial(env: Env, playlistId: string, ownerId: string, editorial: boolean | undefined): Promise<void> {
  if (editorial === undefined) return;
  if (!editorial) return unfeature(env, playlistId);
  const featuredAt = Date.now();
  await drizzle(shardDb(env, 'CATALOG', FEATURED_SHARD))
    .insert(featuredPlaylists)
    .values({ playlistId, ownerId, featuredAt })
    .onConflictDoUpdate({ target: featuredPlaylists.playlistId, set: { featuredAt } });
}

/** Takes a playlist out of the featured index (editorial: false, or the playlist deleted); a no-op for one never featured. */
export async function unfeature(env: Env, playlistId: string): Promise<void> {
  await drizzle(shardDb(env, 'CATALOG', FEATURED_SHARD))
    .delete(featuredPlaylists)
    .where(eq(featuredPlaylists.playlistId, playlistId));
}

/**
 * Featured playlists, most recently featured first: the index's entries, then
 * each playlist's row from its owner's shard (only the shards that hold one),
 * keeping those that are public and not deleted now, so a playlist made private
 * leaves the list at once.
 */
export async function featuredPage(env: Env, viewerId: string, { limit, offset }: PagingQuery) {
  const index = await drizzle(shardDb(env, 'CATALOG', FEATURED_SHARD))
    .select({ playlistId: featuredPlaylists.playlistId })
    .from(featuredPlaylists)
    .orderBy(desc(featuredPlaylists.featuredAt), desc(featuredPlaylists.playlistId))
    .limit(MAX_FEATURED);
  const rows = await listedPlaylistsById(
    env,
    index.map((f) => f.playlistId),
    viewerId,
  );
  const listed = index.flatMap((f) => {
    const playlist = rows.get(f.playlistId);
    return playlist?.public ? [playlist] : [];
  });
  return { items: listed.slice(offset, offset + limit), total: listed.length };
}
