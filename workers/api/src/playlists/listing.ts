import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { users } from '#core/db/users-schema.ts';
import { playlistCollaborators, playlistFollows, playlists } from '#core/db/users-playlists.ts';
import { uri } from '#core/protocol/uris.ts';
import { roleOf } from '#core/playlists/permissions.ts';
import { groupByShard, shardDb, shardOfId } from '#core/shards.ts';
import type { PagingQuery } from '../http/paging.ts';

/**
 * `GET /me/playlists` from D1 alone: the caller's follows (their shard, newest
 * first; owners and collaborators follow too), then each playlist's row from
 * its owner's shard. A playlist the caller may no longer see (the room's rule,
 * roleOf, over the D1 copy) is left out.
 */
export async function myPlaylists(env: Env, userId: string, paging: PagingQuery) {
  const { rows, total } = await myPlaylistRows(env, userId, paging);
  return { items: rows.map(({ playlist, ownerName }) => toListed(playlist, ownerName)), total };
}

export type PlaylistRow = typeof playlists.$inferSelect;

/** The rows behind `myPlaylists`, for callers that shape them otherwise (the Subsonic API). */
export async function myPlaylistRows(env: Env, userId: string, { limit, offset }: PagingQuery) {
  const db = drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', userId)));
  const mine = eq(playlistFollows.userId, userId);
  const [follows, [total]] = await db.batch([
    db.select().from(playlistFollows).where(mine).orderBy(desc(playlistFollows.followedAt), desc(playlistFollows.playlistId)).limit(limit).offset(offset),
    db.select({ n: count() }).from(playlistFollows).where(mine),
  ]);
  const byShard = groupByShard(
    env,
    'USERS',
    follows.map((f) => f.playlistId),
    ['pl'],
  );
  const rows = new Map<string, { playlist: PlaylistRow; ownerName: string }>();
  await Promise.all(
    [...byShard].map(async ([shard, ids]) => {
      const d = drizzle(shardDb(env, 'USERS', shard));
      const [found, collab] = await d.batch([
        d
          .select({ playlist: playlists, ownerName: users.displayName })
          .from(playlists)
          .leftJoin(users, eq(users.id, playlists.ownerId))
          .where(and(inArray(playlists.id, ids), isNull(playlists.deletedAt))),
        d
          .select({ id: playlistCollaborators.playlistId })
          .from(playlistCollaborators)
          .where(and(inArray(playlistCollaborators.playlistId, ids), eq(playlistCollaborators.userId, userId))),
      ]);
      const collaborating = new Set(collab.map((c) => c.id));
      for (const { playlist, ownerName } of found) {
        const access = {
          id: playlist.id,
          ownerId: playlist.ownerId,
          isPublic: playlist.public,
          isCollaborative: playlist.collaborative,
          isCollaborator: () => collaborating.has(playlist.id),
        };
        if (roleOf(access, userId) !== 'none') rows.set(playlist.id, { playlist, ownerName: ownerName ?? '' });
      }
    }),
  );
  return { rows: follows.flatMap((f) => rows.get(f.playlistId) ?? []), total: total?.n ?? 0 };
}

export function toListed(p: PlaylistRow, ownerName: string) {
  return {
    id: p.id,
    uri: uri('playlist', p.id),
    name: p.name,
    description: p.description,
    public: p.public,
    collaborative: p.collaborative,
    owner: { id: p.ownerId, display_name: ownerName },
    snapshot_id: p.snapshotId,
    items: { total: p.itemCount },
    followers: { total: p.followerCount },
  };
}
