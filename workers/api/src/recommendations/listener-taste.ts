import type { ListeningSeed } from '#core/recommendations/recommend.ts';
import { shardDb, shardOf } from '#core/shards.ts';

const DAY_MS = 86_400_000;
/** How far back a listener's plays speak for their taste. */
export const TASTE_WINDOW_MS = 90 * DAY_MS;
/** Distinct tracks read from a listener's history: the most recently played. */
const HISTORY_TRACKS = 500;
/** Saved tracks taken as seeds: the most recently saved. */
const SAVED_TRACKS = 200;

export interface ListenerTaste {
  /** Per distinct track played in the window, most recently played first. */
  history: ListeningSeed[];
  /** Saved tracks, most recently saved first. */
  saved: string[];
}

/**
 * What a listener played (plays that reached 30 s, as recently-played counts
 * them) and saved, from their user shard: the input of recommendations, and
 * what radio pushes down as heard.
 */
export async function listenerTaste(env: Env, userId: string, now = Date.now()): Promise<ListenerTaste> {
  const db = shardDb(env, 'USERS', shardOf(env, 'USERS', userId, ['usr'], 'user'));
  const [plays, saved] = await db.batch([
    db
      .prepare(
        `SELECT track_id, COUNT(*) AS plays, MAX(started_at) AS last_played_at FROM listening_events
         WHERE user_id = ?1 AND outcome NOT IN ('unknown_track', 'short') AND started_at >= ?2
         GROUP BY track_id ORDER BY last_played_at DESC, track_id LIMIT ${HISTORY_TRACKS}`,
      )
      .bind(userId, now - TASTE_WINDOW_MS),
    db.prepare(`SELECT item_id FROM library_items WHERE user_id = ?1 AND kind = 'track' ORDER BY added_at DESC LIMIT ${SAVED_TRACKS}`).bind(userId),
  ]);
  return {
    history: (plays!.results as { track_id: string; plays: number; last_played_at: number }[]).map((r) => ({
      trackId: r.track_id,
      plays: r.plays,
      lastPlayedAt: r.last_played_at,
    })),
    saved: (saved!.results as { item_id: string }[]).map((r) => r.item_id),
  };
}
