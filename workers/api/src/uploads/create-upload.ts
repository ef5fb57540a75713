import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { artists, tracks, trackArtists, uploads } from '#core/db/catalog-schema.ts';
import { Forbidden, PayloadTooLarge, Unprocessable } from '#core/errors.ts';
import { newId, virtualShardOf } from '#core/ids.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { shardDb, shardOf } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { assertUploadAllowed } from './artist-quota.ts';
import { ACCEPTED_CONTENT_TYPES, PART_SIZE, type CreateUploadBody } from './schemas.ts';

export interface CreatedUpload {
  id: string;
  track_id: string;
  status: 'created';
  part_size: number;
  part_count: number;
}

/**
 * Opens an upload, within the artist's rate and quota (artist-quota.ts): the R2
 * multipart upload of the source, then in one batch the
 * album (found by name, created if missing), the track (`processing`, crediting
 * the artist) and the upload row, all in the artist's catalog shard.
 */
export async function createUpload(env: Env, user: AuthUser, input: CreateUploadBody): Promise<CreatedUpload> {
  const maxBytes = Number(env.MAX_UPLOAD_BYTES);
  if (input.size_bytes > maxBytes) {
    throw new PayloadTooLarge(`The file is ${input.size_bytes} bytes; uploads are limited to ${maxBytes} bytes (${formatMiB(maxBytes)}).`, 'upload_too_large');
  }
  const contentType = input.content_type.split(';')[0]!.trim().toLowerCase();
  if (!(ACCEPTED_CONTENT_TYPES as readonly string[]).includes(contentType)) {
    throw new Unprocessable(
      `content_type ${JSON.stringify(input.content_type)} is not accepted; use one of ${ACCEPTED_CONTENT_TYPES.join(', ')}.`,
      'unsupported_content_type',
    );
  }
  if (!user.artistId) throw new Forbidden('Uploading needs an artist profile; register as an artist.', 'artist_profile_required');

  const artistId = user.artistId;
  const shard = shardOf(env, 'CATALOG', artistId, ['art'], 'artist');
  const d1 = shardDb(env, 'CATALOG', shard);
  const db = drizzle(d1);
  const artist = await db.select({ name: artists.name }).from(artists).where(eq(artists.id, artistId)).get();
  if (!artist) throw new Forbidden('Your artist profile no longer exists.', 'artist_profile_required');
  await assertUploadAllowed(env, d1, artistId, input.size_bytes);

  const uploadId = newId('upl', virtualShardOf(artistId));
  const trackId = newId('trk', virtualShardOf(artistId));
  const partCount = Math.max(1, Math.ceil(input.size_bytes / PART_SIZE));
  const multipart = await env.MEDIA.createMultipartUpload(mediaKeys.source(uploadId), {
    httpMetadata: { contentType },
    customMetadata: { upload_id: uploadId, track_id: trackId },
  });

  const albumId = input.album ? sql`(SELECT id FROM albums WHERE artist_id = ${artistId} AND name = ${input.album} ORDER BY created_at, id LIMIT 1)` : null;
  const writes = [
    db.insert(tracks).values({
      id: trackId,
      artistId,
      albumId,
      title: input.title,
      genre: input.genre,
      trackNumber: input.track_number,
      explicit: input.explicit,
      releaseDate: input.release_date,
      status: 'processing',
    }),
    db.insert(trackArtists).values({ trackId, artistId, artistName: artist.name, position: 0 }),
    db.insert(uploads).values({
      id: uploadId,
      trackId,
      artistId,
      userId: user.id,
      contentType,
      sizeBytes: input.size_bytes,
      partSize: PART_SIZE,
      partCount,
      multipartId: multipart.uploadId,
      status: 'created',
    }),
  ] as const;
  // Plain D1 batch: drizzle's batch cannot carry the album's insert-if-missing, which must share the transaction
  // so that two uploads naming the same new album cannot both create it.
  const statements = writes.map((query) => {
    const { sql: text, params } = query.toSQL();
    return d1.prepare(text).bind(...params);
  });
  if (input.album) {
    statements.unshift(
      d1
        .prepare(
          'INSERT INTO albums (id, artist_id, name, release_date) SELECT ?1, ?2, ?3, ?4 WHERE NOT EXISTS (SELECT 1 FROM albums WHERE artist_id = ?2 AND name = ?3)',
        )
        .bind(newId('alb', virtualShardOf(artistId)), artistId, input.album, input.release_date ?? null),
    );
  }
  try {
    await d1.batch(statements);
  } catch (err) {
    await multipart.abort().catch(() => undefined);
    throw err;
  }
  return { id: uploadId, track_id: trackId, status: 'created', part_size: PART_SIZE, part_count: partCount };
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}
