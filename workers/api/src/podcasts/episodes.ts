import { NotFound } from '#core/errors.ts';
import type { EpisodeView, ResumePoint } from '#core/protocol/podcast-views.ts';
import { uri } from '#core/protocol/uris.ts';
import { shardOf, type ShardEnv } from '#core/shards.ts';
import type { CatalogSessions } from '../catalog/read-sessions.ts';
import { signedMasterPlaylist } from '../tracks/stream-url.ts';
import { chaptersOf, EPISODE_COLUMNS, episodeSummary, type EpisodeRow } from './views.ts';

export const episodeShard = (env: ShardEnv, id: string): number => shardOf(env, 'CATALOG', id, ['epi'], 'episode');

export async function loadEpisode(db: D1DatabaseSession | D1Database, id: string): Promise<EpisodeRow | null> {
  return db.prepare(`SELECT ${EPISODE_COLUMNS} FROM episodes e JOIN shows s ON s.id = e.show_id WHERE e.id = ?`).bind(id).first<EpisodeRow>();
}

/** An episode with a signed stream once it is ready, and the caller's resume point in it. */
export async function getEpisode(
  env: Env,
  reads: CatalogSessions,
  id: string,
  resumePoint: (durationMs: number | null) => Promise<ResumePoint>,
): Promise<EpisodeView> {
  const row = await loadEpisode(reads.shard(episodeShard(env, id)), id);
  if (!row) throw new NotFound(`No episode with id ${JSON.stringify(id)}.`, 'episode_not_found');
  return {
    ...episodeSummary(row),
    status: row.status,
    show: { id: row.show_id, uri: uri('show', row.show_id), name: row.show_name, publisher: row.show_publisher },
    chapters: chaptersOf(row),
    stream: row.status === 'ready' && row.audio_hash ? await signedMasterPlaylist(env, row.audio_hash) : null,
    resume_point: await resumePoint(row.duration_ms),
  };
}
