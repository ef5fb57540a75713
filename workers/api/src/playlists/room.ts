import { virtualShardOf } from '#core/ids.ts';
import { shardOf } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';

/** The room that coordinates a playlist; a malformed id, or one naming a shard we lack, is a 404. */
export function roomFor(env: Env, playlistId: string) {
  shardOf(env, 'USERS', playlistId, ['pl'], 'playlist');
  return env.PLAYLIST_ROOMS.get(env.PLAYLIST_ROOMS.idFromName(playlistId));
}

export const actorOf = (user: AuthUser) => ({ id: user.id, display_name: user.displayName });

/** New playlists live in their owner's virtual shard. */
export const ownerVirtualShardOf = (user: AuthUser) => virtualShardOf(user.id);
