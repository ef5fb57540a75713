import { chunked } from '#core/catalog/reads.ts';
import { newIdBeside, stableSuffix } from '#core/ids.ts';
import { PLATFORM_OWNER } from '#core/playlists/platform-owner.ts';
import { MAX_BATCH } from '#core/protocol/playlist-live.ts';
import { unwrap } from '#core/rpc-result.ts';
import { shardDb } from '#core/shards.ts';
import { MAX_LOADED_TRACKS } from '../player/resolve-tracks.ts';
import { roomFor } from '../playlists/room.ts';
import { recommendedTracks } from './recommendations.ts';

const DAY_MS = 86_400_000;
/** A listener is active if they played something in this window before the run. */
export const ACTIVE_WINDOW_MS = 28 * DAY_MS;
export const DISCOVER_WEEKLY_TRACKS = 30;
/** Listeners one durable step writes: small enough that a retried step redoes little. */
export const LISTENERS_PER_STEP = 25;

/** One listener's Discover Weekly keeps one id for good (derived from theirs, on their shard), so every week replaces it in place. */
export async function discoverWeeklyId(listenerId: string): Promise<string> {
  return newIdBeside('pl', listenerId, await stableSuffix(`discover-weekly ${listenerId}`));
}

/** Listeners of one user shard who played in the window, by id after `after`: one page of the job. */
export async function activeListeners(env: Env, shard: number, after: string, now: number, limit = LISTENERS_PER_STEP): Promise<string[]> {
  const { results } = await shardDb(env, 'USERS', shard)
    .prepare(
      `SELECT DISTINCT user_id FROM listening_events
       WHERE user_id > ?1 AND started_at >= ?2 AND outcome NOT IN ('unknown_track', 'short') ORDER BY user_id LIMIT ?3`,
    )
    .bind(after, now - ACTIVE_WINDOW_MS, limit)
    .all<{ user_id: string }>();
  return results.map((r) => r.user_id);
}

/**
 * Writes a listener's Discover Weekly: their recommendations (unplayed, unsaved)
 * as a private playlist the platform owns and only they see. The first week
 * creates it (the listener follows it); later weeks, and a retried step,
 * replace its items in the room, so there is only ever one. Removing and
 * adding are two edits: a reader between them sees it empty, and a failure
 * between them is mended by the step's retry. Returns the
 * number of tracks written (none, and nothing is written).
 */
export async function writeDiscoverWeekly(env: Env, listenerId: string, now: number): Promise<number> {
  const tracks = await recommendedTracks(env, listenerId, DISCOVER_WEEKLY_TRACKS, now);
  if (tracks.length === 0) return 0;
  const id = await discoverWeeklyId(listenerId);
  const room = roomFor(env, id);
  const created = await room.create({
    id,
    owner: PLATFORM_OWNER,
    madeFor: listenerId,
    name: 'Discover Weekly',
    description: 'New music for you every week: tracks you have not played yet, picked from what you listen to.',
    public: false,
    collaborative: false,
  });
  // Made in an earlier week, or by this step's earlier attempt: its items are replaced below.
  if (!created.ok && created.error.code !== 'playlist_exists') unwrap(created);
  const stale = unwrap(await room.read(PLATFORM_OWNER.id, 0, MAX_LOADED_TRACKS)).items.entries.map((e) => e.item_id);
  for (const item_ids of chunked(stale, MAX_BATCH)) unwrap(await room.removeItems(PLATFORM_OWNER, { item_ids }));
  unwrap(await room.addItems(PLATFORM_OWNER, { track_ids: tracks.map((t) => t.id) }));
  return tracks.length;
}
