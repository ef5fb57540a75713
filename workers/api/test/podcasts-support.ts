import { env } from 'cloudflare:test';
import { expect } from 'vitest';
import { markReady, markTranscoding, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { shardDb, shardOfId } from '#core/shards.ts';
import { api, body } from './helpers.ts';

/** The catalog shard holding a show (and so its episodes), for rows a test writes directly. */
export const episodeShardRow = (showId: string): D1Database => shardDb(env, 'CATALOG', shardOfId(env, 'CATALOG', showId));

/** A new show of the publisher's. */
export async function publishShow(publisherToken: string, name = 'Night Shift'): Promise<string> {
  const res = await api('/api/v1/shows', { method: 'POST', token: publisherToken, json: { name, description: 'Late talk.', publisher: 'NS Media' } });
  expect(res.status).toBe(201);
  return (await body(res)).id;
}

/** An episode as the transcode-queue worker leaves it once the transcoder answered (core/catalog/upload-transitions.ts). */
export async function readyEpisode(publisherToken: string, showId: string, title: string, durationMs: number): Promise<string> {
  const res = await api('/api/v1/uploads', {
    method: 'POST',
    token: publisherToken,
    json: { kind: 'episode', show_id: showId, title, description: `About ${title}`, size_bytes: 1000, content_type: 'audio/mp4' },
  });
  const created = await body(res);
  const db = uploadShardDb(env, created.id);
  await db.prepare("UPDATE uploads SET status = 'uploaded' WHERE id = ?").bind(created.id).run();
  await markTranscoding(db, created.id);
  expect(await markReady(db, created.id, { contentHash: 'c'.repeat(64), durationMs, loudnessLufs: -16.1, chapters: [] })).toBe(true);
  return created.episode_id;
}
