import { loadTracks } from '#core/catalog/reads.ts';
import { shardDb, shardOf } from '#core/shards.ts';

/**
 * The albums a listener played, from their listening history (the rows the
 * listening pipeline writes): `recent` by their latest play, `frequent` by
 * how many plays counted. Plays that did not count as listens (too short,
 * unknown track) are left out, as in recently-played.ts.
 */
const TRACKS_LOOKED_AT = 1000;

const SQL = {
  recent: `SELECT track_id, max(started_at) AS weight FROM listening_events
    WHERE user_id = ?1 AND outcome NOT IN ('unknown_track', 'short') GROUP BY track_id ORDER BY weight DESC LIMIT ?2`,
  frequent: `SELECT track_id, count(*) AS weight FROM listening_events
    WHERE user_id = ?1 AND outcome = 'counted' GROUP BY track_id ORDER BY weight DESC LIMIT ?2`,
};

export async function listenedAlbumIds(env: Env, userId: string, kind: 'recent' | 'frequent'): Promise<string[]> {
  const db = shardDb(env, 'USERS', shardOf(env, 'USERS', userId, ['usr'], 'user'));
  const { results } = await db.prepare(SQL[kind]).bind(userId, TRACKS_LOOKED_AT).all<{ track_id: string; weight: number }>();
  const tracks = await loadTracks(
    env,
    results.map((r) => r.track_id),
  );
  const weights = new Map<string, number>();
  for (const r of results) {
    const album = tracks.get(r.track_id)?.album?.id;
    if (!album) continue;
    // recent: an album's latest play; frequent: all its tracks' plays.
    weights.set(album, kind === 'recent' ? Math.max(weights.get(album) ?? 0, r.weight) : (weights.get(album) ?? 0) + r.weight);
  }
  return [...weights].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1)).map(([id]) => id);
}
