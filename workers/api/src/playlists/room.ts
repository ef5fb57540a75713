import { newIdBeside } from '#core/ids.ts';
import { shardOf } from '#core/shards.ts';
import { userObject } from '#core/user-objects.ts';
import type { AuthUser } from '../auth/tokens.ts';

/** The room that coordinates a playlist, in its region's jurisdiction; a malformed id, or one naming a shard we lack, is a 404. */
export function roomFor(env: Env, playlistId: string) {
  shardOf(env, 'USERS', playlistId, ['pl'], 'playlist');
  return userObject(env.PLAYLIST_ROOMS, playlistId);
}

export const actorOf = (user: AuthUser) => ({ id: user.id, display_name: user.displayName });

/** A new playlist lives in its owner's region and virtual shard. */
export const newPlaylistIdFor = (user: AuthUser) => newIdBeside('pl', user.id);
