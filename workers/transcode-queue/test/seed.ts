import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { eq } from 'drizzle-orm';
import { artists, tracks, uploads, type UploadStatus } from '#core/db/catalog-schema.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { newIdOn, shardDb } from '#core/shards.ts';

/**
 * Puts an artist, a processing track and an upload in the given state into a
 * catalog shard, the rows the api worker would have written, and with `source`
 * its assembled source object in R2 (the multipart id is only a label here).
 */
export async function seedUpload(status: UploadStatus, shard = 1, { source = false } = {}) {
  const db = drizzle(shardDb(env, 'CATALOG', shard));
  const artistId = newIdOn(env, 'art', shard);
  const trackId = newIdOn(env, 'trk', shard);
  const uploadId = newIdOn(env, 'upl', shard);
  await db.batch([
    db.insert(artists).values({ id: artistId, name: 'Seeded Artist' }),
    db.insert(tracks).values({ id: trackId, artistId, title: 'Seeded', status: status === 'ready' ? 'ready' : status === 'failed' ? 'failed' : 'processing' }),
    db.insert(uploads).values({
      id: uploadId,
      trackId,
      artistId,
      userId: 'usr0_seeded',
      contentType: 'audio/flac',
      sizeBytes: 1000,
      partSize: 8 * 1024 * 1024,
      partCount: 1,
      multipartId: 'seeded',
      status,
    }),
  ]);
  if (source) await env.MEDIA.put(mediaKeys.source(uploadId), new Uint8Array(1000));
  return { uploadId, trackId, job: { upload_id: uploadId, track_id: trackId } };
}

export async function stateOf(uploadId: string, shard = 1) {
  const db = drizzle(shardDb(env, 'CATALOG', shard));
  const upload = await db.select().from(uploads).where(eq(uploads.id, uploadId)).get();
  const track = upload && (await db.select().from(tracks).where(eq(tracks.id, upload.trackId!)).get());
  return { upload: upload!, track: track! };
}
