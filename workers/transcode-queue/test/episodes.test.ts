import { env } from 'cloudflare:workers';
import { eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { describe, expect, it } from 'vitest';
import { markFailed, markReady, markTranscoding, reopenForRequeue, transcodeJobOf } from '#core/catalog/upload-transitions.ts';
import { episodes, shows } from '#core/db/catalog-podcasts.ts';
import { artists, uploads } from '#core/db/catalog-schema.ts';
import { newIdOn, shardDb } from '#core/shards.ts';
import { processTranscodeJob } from '../src/process-job.ts';

const SHARD = 2;
const d1 = () => shardDb(env, 'CATALOG', SHARD);

/** An artist's show with one processing episode and its upload in `uploaded`, as the api worker leaves them. */
async function seedEpisodeUpload() {
  const db = drizzle(d1());
  const artistId = newIdOn(env, 'art', SHARD);
  const showId = newIdOn(env, 'shw', SHARD);
  const episodeId = newIdOn(env, 'epi', SHARD);
  const uploadId = newIdOn(env, 'upl', SHARD);
  await db.batch([
    db.insert(artists).values({ id: artistId, name: 'Seeded Podcaster' }),
    db.insert(shows).values({ id: showId, artistId, name: 'Seeded Show', description: '', publisher: 'Seeded' }),
    db.insert(episodes).values({ id: episodeId, showId, name: 'Seeded Episode', status: 'processing' }),
    db.insert(uploads).values({
      id: uploadId,
      episodeId,
      artistId,
      userId: 'usr0_seeded',
      contentType: 'audio/mp4',
      sizeBytes: 1000,
      partSize: 8 * 1024 * 1024,
      partCount: 1,
      multipartId: 'seeded',
      status: 'uploaded',
    }),
  ]);
  return { uploadId, episodeId };
}

const episodeRow = async (id: string) => (await drizzle(d1()).select().from(episodes).where(eq(episodes.id, id)).get())!;

describe('episode uploads in the transcode pipeline', () => {
  it('names the episode in the job, and drops a job that names something else without touching it', async () => {
    const { uploadId, episodeId } = await seedEpisodeUpload();
    const row = (await drizzle(d1()).select().from(uploads).where(eq(uploads.id, uploadId)).get())!;
    expect(transcodeJobOf(row, 'req-1')).toEqual({ upload_id: uploadId, episode_id: episodeId, request_id: 'req-1' });
    for (const job of [
      { upload_id: uploadId, track_id: 'trk_v0001_AAAAAAAAAAAAAAAA' },
      { upload_id: uploadId, episode_id: 'epi_v0001_AAAAAAAAAAAAAAAA' },
      { upload_id: uploadId, episode_id: episodeId, track_id: 'trk_v0001_AAAAAAAAAAAAAAAA' },
    ]) {
      expect(await processTranscodeJob(env, job)).toMatchObject({ action: 'ack', note: expect.stringContaining('dropped') });
    }
    expect((await drizzle(d1()).select().from(uploads).where(eq(uploads.id, uploadId)).get())!.status).toBe('uploaded');
  });

  it('moves the episode with its upload: ready with length, loudness and chapters; failed; and back to processing on requeue', async () => {
    const ready = await seedEpisodeUpload();
    await markTranscoding(d1(), ready.uploadId);
    expect(
      await markReady(d1(), ready.uploadId, { contentHash: 'e'.repeat(64), durationMs: 1234, loudnessLufs: -16.2, chapters: [{ title: 'One', start_ms: 0 }] }),
    ).toBe(true);
    expect(await episodeRow(ready.episodeId)).toMatchObject({
      status: 'ready',
      audioHash: 'e'.repeat(64),
      durationMs: 1234,
      loudnessLufs: -16.2,
      chapters: JSON.stringify([{ title: 'One', start_ms: 0 }]),
    });

    const failed = await seedEpisodeUpload();
    expect(await markFailed(d1(), failed.uploadId, 'The file could not be read as audio.')).toBe(true);
    expect((await episodeRow(failed.episodeId)).status).toBe('failed');
    expect(await reopenForRequeue(d1(), failed.uploadId)).not.toBeNull();
    expect((await episodeRow(failed.episodeId)).status).toBe('processing');
  });
});
