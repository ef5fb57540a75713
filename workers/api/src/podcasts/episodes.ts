import { NotFound } from '#core/errors.ts';
import type { EpisodeView, ResumePoint, ResumableEpisode } from '#core/protocol/podcast-views.ts';
import { uri } from '#core/protocol/uris.ts';
import { groupByShard, shardDb, shardOf, type ShardEnv } from '#core/shards.ts';
import type { CatalogSessions } from '../catalog/read-sessions.ts';
import { signedMasterPlaylist } from '../tracks/stream-url.ts';
import { chaptersOf, EPISODE_COLUMNS, episodeSummary, previewableHash, type EpisodeRow } from './views.ts';

export const episodeShard = (env: ShardEnv, id: string): number => shardOf(env, 'CATALOG', id, ['epi'], 'episode');

export async function loadEpisode(db: D1DatabaseSession | D1Database, id: string): Promise<EpisodeRow | null> {
  return db.prepare(`SELECT ${EPISODE_COLUMNS} FROM episodes e JOIN shows s ON s.id = e.show_id WHERE e.id = ?`).bind(id).first<EpisodeRow>();
}

const showOf = (row: EpisodeRow): EpisodeView['show'] => ({
  id: row.show_id,
  uri: uri('show', row.show_id),
  name: row.show_name,
  publisher: row.show_publisher,
});

/** Ready episodes by id (a few: one statement a shard), each with its resume point, in the given order; others are left out. */
export async function resumableEpisodes(env: Env, points: { episodeId: string; point: ResumePoint }[]): Promise<ResumableEpisode[]> {
  const rows = new Map<string, EpisodeRow>();
  await Promise.all(
    [
      ...groupByShard(
        env,
        'CATALOG',
        points.map((p) => p.episodeId),
        ['epi'],
      ),
    ].map(async ([shard, ids]) => {
      const { results } = await shardDb(env, 'CATALOG', shard)
        .prepare(
          `SELECT ${EPISODE_COLUMNS} FROM episodes e JOIN shows s ON s.id = e.show_id
           WHERE e.id IN (SELECT value FROM json_each(?)) AND e.status = 'ready'`,
        )
        .bind(JSON.stringify(ids))
        .all<EpisodeRow>();
      for (const row of results) rows.set(row.id, row);
    }),
  );
  return points.flatMap(({ episodeId, point }) => {
    const row = rows.get(episodeId);
    return row ? [{ ...episodeSummary(row), show: showOf(row), resume_point: point }] : [];
  });
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
  const hash = previewableHash(row);
  return {
    ...episodeSummary(row),
    status: row.status,
    show: showOf(row),
    chapters: chaptersOf(row),
    stream: hash ? await signedMasterPlaylist(env, hash) : null,
    resume_point: await resumePoint(row.duration_ms),
  };
}

/** The ladder an episode's `preview_url` leads into: 404 for no such episode, or one without audio yet. */
export async function episodePreviewHash(env: Env, id: string): Promise<string> {
  const row = await loadEpisode(shardDb(env, 'CATALOG', episodeShard(env, id)), id);
  if (!row) throw new NotFound(`No episode with id ${JSON.stringify(id)}.`, 'episode_not_found');
  const hash = previewableHash(row);
  if (!hash) throw new NotFound(`Episode ${JSON.stringify(id)} has no audio to preview yet.`, 'preview_not_found');
  return hash;
}
