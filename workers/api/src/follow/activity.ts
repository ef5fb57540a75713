import { loadTrackSummaries } from '#core/catalog/views.ts';
import { log } from '#core/log.ts';
import type { TrackSummary } from '#core/protocol/catalog-views.ts';
import { groupByShard, shardDb } from '#core/shards.ts';
import { withinDeadline } from '#core/within-deadline.ts';
import type { SessionActivity } from '#do/device-session.ts';
import { SHOWN_IN_HISTORY } from '../listening/recently-played.ts';
import { deviceSession } from '../player/session.ts';
import { followedIds } from './people.ts';
import { HIDDEN_PLAY, IN_PRIVATE_SESSION } from '../settings/private-session.ts';

/** The most recently followed people whose activity one call reads: each costs one session call. */
export const ACTIVITY_MAX_FRIENDS = 50;
/** A session that has not answered by then counts as not playing; the friend's last play stands in. */
export const SESSION_DEADLINE_MS = 1000;

export interface FriendActivity {
  user: { id: string; display_name: string };
  track: TrackSummary;
  playing: boolean;
  /** Epoch ms: now for a track playing, else when the last play started. */
  timestamp: number;
}

interface FriendRow {
  id: string;
  display_name: string;
  private: number;
  /** `[track id, started at]` of the newest play outside private sessions, as JSON. */
  last_play: string | null;
}

/**
 * For each of the ACTIVITY_MAX_FRIENDS people the listener most recently
 * followed: what plays now in their Connect session, else their last play,
 * newest first. Someone in a private session, or whose account is gone, is
 * absent. Their shards are read once each (name, privacy, last play in one
 * statement) while their sessions are asked side by side under one deadline.
 */
export async function friendActivity(env: Env, userId: string, now = Date.now()): Promise<FriendActivity[]> {
  const followed = (await followedIds(env, userId, { limit: ACTIVITY_MAX_FRIENDS, offset: 0 })).rows.map((r) => r.id);
  if (followed.length === 0) return [];
  const [rows, sessions] = await Promise.all([friendRows(env, followed), nowPlaying(env, followed)]);

  const candidates = followed.flatMap((id, i) => {
    const row = rows.get(id);
    if (!row || row.private) return [];
    const session = sessions[i];
    if (session?.playing) return [{ row, trackId: session.track_id, playing: true, timestamp: now, order: i }];
    if (!row.last_play) return [];
    const [trackId, startedAt] = JSON.parse(row.last_play) as [string, number];
    return [{ row, trackId, playing: false, timestamp: startedAt, order: i }];
  });
  const tracks = await loadTrackSummaries(
    env,
    candidates.map((c) => c.trackId),
  );
  return candidates
    .sort((a, b) => b.timestamp - a.timestamp || a.order - b.order)
    .flatMap((c) => {
      const track = tracks.get(c.trackId);
      return track ? [{ user: { id: c.row.id, display_name: c.row.display_name }, track, playing: c.playing, timestamp: c.timestamp }] : [];
    });
}

/** One statement per shard holding friends: name, whether in a private session, and the newest play outside any. */
async function friendRows(env: Env, ids: string[]): Promise<Map<string, FriendRow>> {
  const perShard = await Promise.all(
    [...groupByShard(env, 'USERS', ids, ['usr'])].map(async ([shard, shardIds]) => {
      const { results } = await shardDb(env, 'USERS', shard)
        .prepare(
          `SELECT u.id, u.display_name, ${IN_PRIVATE_SESSION} AS private,
             (SELECT json_array(e.track_id, e.started_at) FROM listening_events e
               WHERE e.user_id = u.id AND ${SHOWN_IN_HISTORY} AND NOT ${HIDDEN_PLAY}
               ORDER BY e.started_at DESC LIMIT 1) AS last_play
           FROM users u WHERE u.id IN (SELECT value FROM json_each(?1))`,
        )
        .bind(JSON.stringify(shardIds))
        .all<FriendRow>();
      return results;
    }),
  );
  return new Map(perShard.flat().map((r) => [r.id, r]));
}

/** Each friend's session, in the order given; undefined for one that failed or missed SESSION_DEADLINE_MS. */
function nowPlaying(env: Env, ids: string[]): Promise<(SessionActivity | null | undefined)[]> {
  return withinDeadline(
    ids.map((id) => () => deviceSession(env, id).activity()),
    SESSION_DEADLINE_MS,
    (i, reason) => log('warn', 'friend_session_unanswered', { worker: 'api', friend_id: ids[i], reason }),
  );
}
