import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { chunked, loadEpisodeDurations } from '#core/catalog/reads.ts';
import { episodeProgress } from '#core/db/users-podcasts.ts';
import { reachedEnd } from '#core/podcasts/resume-point.ts';
import type { EpisodePlayEvent } from '#core/protocol/listening.ts';
import { shardDb, shardOf, type ShardEnv } from '#core/shards.ts';

/** Five bound values a row, under D1's 100 a statement. */
const ROWS_PER_STATEMENT = 20;

/** One reported episode play with who reported it and when it reached us. */
export interface ReportedEpisodePlay {
  userId: string;
  receivedAt: number;
  event: EpisodePlayEvent;
}

/**
 * Moves listeners' resume points from their reported episode plays. A point is
 * stamped with the time its play ended (never later than the report reached us,
 * so a device clock running ahead cannot shadow later saves), and a play only
 * moves a point stamped before it: a redelivered play, or one older than the
 * stored point (a device reporting late), changes nothing. Plays of episodes
 * that are unknown or not ready are dropped.
 */
export async function saveEpisodeProgress(env: ShardEnv, plays: ReportedEpisodePlay[]): Promise<void> {
  if (plays.length === 0) return;
  const durations = await loadEpisodeDurations(
    env,
    plays.map((p) => p.event.episode_id),
  );
  const latest = new Map<string, { userId: string; episodeId: string; positionMs: number; fullyPlayed: boolean; updatedAt: number }>();
  for (const { userId, receivedAt, event } of plays) {
    const durationMs = durations.get(event.episode_id);
    if (durationMs === undefined) continue;
    const positionMs = Math.min(event.position_ms ?? event.ms_played, durationMs);
    const point = {
      userId,
      episodeId: event.episode_id,
      positionMs,
      fullyPlayed: event.completed || reachedEnd(positionMs, durationMs),
      updatedAt: Math.min(event.started_at + event.ms_played, receivedAt),
    };
    const key = `${userId}|${event.episode_id}`;
    if ((latest.get(key)?.updatedAt ?? Number.NEGATIVE_INFINITY) < point.updatedAt) latest.set(key, point);
  }
  const byUserShard = Map.groupBy(latest.values(), (p) => shardOf(env, 'USERS', p.userId, ['usr'], 'user'));
  await Promise.all(
    [...byUserShard].map(([shard, points]) => {
      const db = drizzle(shardDb(env, 'USERS', shard));
      const upserts = chunked(points, ROWS_PER_STATEMENT).map((chunk) =>
        db
          .insert(episodeProgress)
          .values(chunk)
          .onConflictDoUpdate({
            target: [episodeProgress.userId, episodeProgress.episodeId],
            set: {
              positionMs: sql`excluded.position_ms`,
              fullyPlayed: sql`${episodeProgress.fullyPlayed} OR excluded.fully_played`,
              updatedAt: sql`excluded.updated_at`,
            },
            setWhere: sql`excluded.updated_at > ${episodeProgress.updatedAt}`,
          }),
      );
      return db.batch([upserts[0]!, ...upserts.slice(1)]);
    }),
  );
}
