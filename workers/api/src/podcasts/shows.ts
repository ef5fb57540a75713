import { Forbidden, NotFound } from '#core/errors.ts';
import { newId, virtualShardOf } from '#core/ids.ts';
import { shardOf, type ShardEnv } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';
import type { CatalogSessions } from '../catalog/read-sessions.ts';
import type { CreateShowBody } from './schemas.ts';
import { EPISODE_COLUMNS, episodeSummary, SHOW_COLUMNS, showSummary, type EpisodeRow, type ShowRow } from './views.ts';

/** Shows: made by an artist on their own catalog shard, read by anyone from the shard their id names. */

export const showShard = (env: ShardEnv, id: string): number => shardOf(env, 'CATALOG', id, ['shw'], 'show');

const showNotFound = (id: string) => new NotFound(`No show with id ${JSON.stringify(id)}.`, 'show_not_found');

export async function createShow(env: ShardEnv, writes: CatalogSessions, user: AuthUser, input: CreateShowBody): Promise<{ id: string }> {
  if (!user.artistId) throw new Forbidden('Publishing a show needs an artist profile; register as an artist.', 'artist_profile_required');
  const id = newId('shw', virtualShardOf(user.artistId));
  const db = writes.shard(shardOf(env, 'CATALOG', user.artistId, ['art'], 'artist'));
  const inserted = await db
    .prepare('INSERT INTO shows (id, artist_id, name, description, publisher) SELECT ?1, id, ?2, ?3, ?4 FROM artists WHERE id = ?5')
    .bind(id, input.name, input.description, input.publisher, user.artistId)
    .run();
  if (inserted.meta.changes === 0) throw new Forbidden('Your artist profile no longer exists.', 'artist_profile_required');
  return { id };
}

export async function loadShow(db: D1DatabaseSession | D1Database, id: string): Promise<ShowRow> {
  const row = await db.prepare(`SELECT ${SHOW_COLUMNS} FROM shows s WHERE s.id = ?`).bind(id).first<ShowRow>();
  if (!row) throw showNotFound(id);
  return row;
}

export async function getShow(env: ShardEnv, reads: CatalogSessions, id: string) {
  return showSummary(await loadShow(reads.shard(showShard(env, id)), id));
}

/** A show's ready episodes, newest first. */
export async function listShowEpisodes(env: ShardEnv, reads: CatalogSessions, id: string, limit: number, offset: number) {
  const db = reads.shard(showShard(env, id));
  const [exists, total, rows] = await db.batch([
    db.prepare('SELECT 1 FROM shows WHERE id = ?').bind(id),
    db.prepare(`SELECT count(*) AS n FROM episodes WHERE show_id = ? AND status = 'ready'`).bind(id),
    db
      .prepare(
        `SELECT ${EPISODE_COLUMNS} FROM episodes e JOIN shows s ON s.id = e.show_id
         WHERE e.show_id = ? AND e.status = 'ready' ORDER BY e.created_at DESC, e.rowid DESC LIMIT ? OFFSET ?`,
      )
      .bind(id, limit, offset),
  ]);
  if (exists!.results.length === 0) throw showNotFound(id);
  return { items: (rows!.results as EpisodeRow[]).map(episodeSummary), total: (total!.results[0] as { n: number }).n };
}
