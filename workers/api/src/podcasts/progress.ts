import { and, eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { episodeProgress } from '#core/db/users-podcasts.ts';
import { Conflict, NotFound, Unprocessable } from '#core/errors.ts';
import type { ResumePoint } from '#core/protocol/podcast-views.ts';
import { shardDb, shardOfId } from '#core/shards.ts';
import { episodeShard, loadEpisode } from './episodes.ts';

/**
 * Resume points: one per listener and episode on the listener's user shard,
 * shared by all their devices (the last save wins). An episode counts as
 * fully played once a save reaches its last 30 s (or last tenth, for short ones);
 * that stays true if the listener goes back.
 */
const END_MARGIN_MS = 30_000;

export const reachedEnd = (positionMs: number, durationMs: number): boolean => positionMs >= durationMs - Math.min(END_MARGIN_MS, durationMs / 10);

const usersDb = (env: Env, userId: string) => drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', userId)));

export async function resumePointOf(env: Env, userId: string, episodeId: string): Promise<ResumePoint> {
  const row = await usersDb(env, userId)
    .select({ positionMs: episodeProgress.positionMs, fullyPlayed: episodeProgress.fullyPlayed })
    .from(episodeProgress)
    .where(and(eq(episodeProgress.userId, userId), eq(episodeProgress.episodeId, episodeId)))
    .get();
  return { position_ms: row?.positionMs ?? 0, fully_played: row?.fullyPlayed ?? false };
}

/** Saves where the caller is in a ready episode; a position past its end is refused, not clamped, so a client bug shows. */
export async function saveProgress(env: Env, userId: string, episodeId: string, positionMs: number): Promise<ResumePoint> {
  const episode = await loadEpisode(shardDb(env, 'CATALOG', episodeShard(env, episodeId)), episodeId);
  if (!episode) throw new NotFound(`No episode with id ${JSON.stringify(episodeId)}.`, 'episode_not_found');
  if (episode.status !== 'ready' || episode.duration_ms === null) throw new Conflict('The episode is not ready to play yet.', 'episode_not_ready');
  if (positionMs > episode.duration_ms) {
    throw new Unprocessable(`position_ms ${positionMs} is past the end of the episode (${episode.duration_ms} ms).`, 'position_out_of_range');
  }
  const fullyPlayed = reachedEnd(positionMs, episode.duration_ms);
  const row = await usersDb(env, userId)
    .insert(episodeProgress)
    .values({ userId, episodeId, positionMs, fullyPlayed, updatedAt: Date.now() })
    .onConflictDoUpdate({
      target: [episodeProgress.userId, episodeProgress.episodeId],
      set: { positionMs, fullyPlayed: sql`${episodeProgress.fullyPlayed} OR ${fullyPlayed}`, updatedAt: Date.now() },
    })
    .returning({ positionMs: episodeProgress.positionMs, fullyPlayed: episodeProgress.fullyPlayed })
    .get();
  return { position_ms: row.positionMs, fully_played: Boolean(row.fullyPlayed) };
}
