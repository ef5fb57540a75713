import { and, desc, eq, gt, inArray, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { episodeProgress } from '#core/db/users-podcasts.ts';
import { Conflict, NotFound, Unprocessable } from '#core/errors.ts';
import type { ResumePoint } from '#core/protocol/podcast-views.ts';
import { shardDb, shardOfId } from '#core/shards.ts';
import { reachedEnd } from '#core/podcasts/resume-point.ts';
import { episodeShard, loadEpisode } from './episodes.ts';

/**
 * Resume points: one per listener and episode on the listener's user shard,
 * shared by all their devices (the last save wins; listening reports save them
 * too, workers/listening-events/src/episode-progress.ts). An episode counts as
 * fully played once a save reaches its end (core/podcasts/resume-point.ts);
 * that stays true if the listener goes back.
 */

const usersDb = (env: Env, userId: string) => drizzle(shardDb(env, 'USERS', shardOfId(env, 'USERS', userId)));

export async function resumePointOf(env: Env, userId: string, episodeId: string): Promise<ResumePoint> {
  const row = await usersDb(env, userId)
    .select({ positionMs: episodeProgress.positionMs, fullyPlayed: episodeProgress.fullyPlayed })
    .from(episodeProgress)
    .where(and(eq(episodeProgress.userId, userId), eq(episodeProgress.episodeId, episodeId)))
    .get();
  return { position_ms: row?.positionMs ?? 0, fully_played: row?.fullyPlayed ?? false };
}

const NOT_STARTED: ResumePoint = { position_ms: 0, fully_played: false };

/** The caller's resume points in these episodes (at most 100 ids: one statement); an episode never started reads as 0. */
export async function resumePointsOf(env: Env, userId: string, episodeIds: string[]): Promise<Map<string, ResumePoint>> {
  const rows = episodeIds.length
    ? await usersDb(env, userId)
        .select({ episodeId: episodeProgress.episodeId, positionMs: episodeProgress.positionMs, fullyPlayed: episodeProgress.fullyPlayed })
        .from(episodeProgress)
        .where(and(eq(episodeProgress.userId, userId), inArray(episodeProgress.episodeId, episodeIds)))
    : [];
  const found = new Map(rows.map((r) => [r.episodeId, { position_ms: r.positionMs, fully_played: r.fullyPlayed }]));
  return new Map(episodeIds.map((id) => [id, found.get(id) ?? NOT_STARTED]));
}

/** The episodes the caller started and has not finished, the one they listened to last first. */
export async function unfinishedEpisodes(env: Env, userId: string, limit: number): Promise<{ episodeId: string; point: ResumePoint }[]> {
  const rows = await usersDb(env, userId)
    .select({ episodeId: episodeProgress.episodeId, positionMs: episodeProgress.positionMs })
    .from(episodeProgress)
    .where(and(eq(episodeProgress.userId, userId), eq(episodeProgress.fullyPlayed, false), gt(episodeProgress.positionMs, 0)))
    .orderBy(desc(episodeProgress.updatedAt))
    .limit(limit);
  return rows.map((r) => ({ episodeId: r.episodeId, point: { position_ms: r.positionMs, fully_played: false } }));
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
