import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { users } from '#core/db/users-schema.ts';
import { playlistCollaborators, playlistFollows, playlists } from '#core/db/users-playlists.ts';
import { imageList } from '#core/artwork/images.ts';
import { uri } from '#core/protocol/uris.ts';
import { roleOf } from '#core/playlists/permissions.ts';
import { PLATFORM_OWNER } from '#core/playlists/platform-owner.ts';
import { chunked } from '#core/catalog/reads.ts';
import { groupByShard, shardDb, shardOfId } from '#core/shards.ts';
import type { PagingQuery } from '../http/paging.ts';

/**
 * `GET /me/playlists` from D1 alone: the caller's follows (their shard, newest
 * first; owners and collaborators follow too), then each playlist's row from
 * its owner's shard. A playlist the caller may no longer see (the room's rule,
 * roleOf, over the D1 copy) is left out.
 */
export async function myPlaylists<T = ListedPlaylist>(
  env: Env,
  userId: string,
  { limit, offset }: PagingQuery,
  shape: PlaylistShape<T> = toListed as PlaylistShape<T>,
) {
  const db = drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', userId)));
  const mine = eq(playlistFollows.userId, userId);
  const [follows, [total]] = await db.batch([
    db.select().from(playlistFollows).where(mine).orderBy(desc(playlistFollows.followedAt), desc(playlistFollows.playlistId)).limit(limit).offset(offset),
    db.select({ n: count() }).from(playlistFollows).where(mine),
  ]);
  const rows = await listedPlaylistsById(
    env,
    follows.map((f) => f.playlistId),
    userId,
    shape,
  );
  const items = follows.flatMap((f) => rows.get(f.playlistId) ?? []);
  return { items, total: total?.n ?? 0 };
}

/**
 * The listed form of each playlist the viewer may see now (the room's rule,
 * roleOf, over the D1 copy), read from the owners' shards, only those that
 * hold one of the ids; deleted playlists and ids of no playlist are absent.
 */
export async function listedPlaylistsById<T = ListedPlaylist>(
  env: Env,
  ids: string[],
  viewerId: string,
  shape: PlaylistShape<T> = toListed as PlaylistShape<T>,
): Promise<Map<string, T>> {
  const rows = new Map<string, T>();
  const byShard = [...groupByShard(env, 'USERS', ids, ['pl'])].flatMap(([shard, onShard]) =>
    chunked(onShard, IDS_PER_QUERY).map((chunk) => [shard, chunk] as const),
  );
  await Promise.all(
    byShard.map(async ([shard, chunk]) => {
      const d = drizzle(shardDb(env, 'USERS', shard));
      const [found, collab] = await d.batch([
        d
          .select({ playlist: playlists, ownerName: users.displayName })
          .from(playlists)
          .leftJoin(users, eq(users.id, playlists.ownerId))
          .where(and(inArray(playlists.id, chunk), isNull(playlists.deletedAt))),
        d
          .select({ id: playlistCollaborators.playlistId })
          .from(playlistCollaborators)
          .where(and(inArray(playlistCollaborators.playlistId, chunk), eq(playlistCollaborators.userId, viewerId))),
      ]);
      const collaborating = new Set(collab.map((c) => c.id));
      for (const { playlist, ownerName } of found) {
        const access = {
          id: playlist.id,
          ownerId: playlist.ownerId,
          isPublic: playlist.public,
          isCollaborative: playlist.collaborative,
          isCollaborator: () => collaborating.has(playlist.id),
          madeFor: playlist.madeFor,
        };
        if (roleOf(access, viewerId) !== 'none') rows.set(playlist.id, shape(playlist, ownerName ?? ''));
      }
    }),
  );
  return rows;
}

/** Ids a statement binds at once: within D1's 100 parameters, with room for the viewer's id. */
const IDS_PER_QUERY = 90;

export type ListedPlaylist = ReturnType<typeof toListed>;
export type PlaylistRow = typeof playlists.$inferSelect;
/** How a caller shapes each row: toListed (the REST form) unless it has its own (the Subsonic API). */
export type PlaylistShape<T> = (row: PlaylistRow, ownerName: string) => T;

export function toListed(p: typeof playlists.$inferSelect, ownerName: string) {
  return {
    id: p.id,
    uri: uri('playlist', p.id),
    name: p.name,
    description: p.description,
    public: p.public,
    collaborative: p.collaborative,
    images: imageList(p.imageHash),
    owner: { id: p.ownerId, display_name: ownerName || (p.ownerId === PLATFORM_OWNER.id ? PLATFORM_OWNER.display_name : '') },
    snapshot_id: p.snapshotId,
    algorithmic: p.madeFor !== null,
    items: { total: p.itemCount },
    followers: { total: p.followerCount },
  };
}
