import { Conflict, NotFound } from '#core/errors.ts';
import { uri } from '#core/protocol/uris.ts';
import { shardDb } from '#core/shards.ts';
import type { QueueEntry } from '#do/device-session.ts';
import { episodeShard, loadEpisode } from '../podcasts/episodes.ts';
import { resumePointOf } from '../podcasts/progress.ts';

export const EPISODE_URI = /^encore:episode:([A-Za-z0-9_]+)$/;

/**
 * A ready episode as the session keeps it (device-session/player-state.ts: its
 * show in the artist columns), and where the caller resumes it: their resume
 * point, or the start once they finished it.
 */
export async function resolveEpisode(env: Env, userId: string, episodeId: string): Promise<{ entry: QueueEntry; resumeAtMs: number }> {
  const [episode, point] = await Promise.all([
    loadEpisode(shardDb(env, 'CATALOG', episodeShard(env, episodeId)), episodeId),
    resumePointOf(env, userId, episodeId),
  ]);
  if (!episode) throw new NotFound(`No episode with id ${JSON.stringify(episodeId)}.`, 'episode_not_found');
  if (episode.status !== 'ready') throw new Conflict('The episode is not ready to play yet.', 'episode_not_ready');
  return {
    entry: {
      uri: uri('episode', episode.id),
      track_id: episode.id,
      name: episode.name,
      duration_ms: episode.duration_ms,
      artist_id: episode.show_id,
      artist_name: episode.show_name,
      album_id: null,
      album_name: null,
      album_image_hash: episode.show_image_hash,
    },
    resumeAtMs: point.fully_played ? 0 : point.position_ms,
  };
}
