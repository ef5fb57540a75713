import { eq, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { episodes } from '#core/db/catalog-podcasts.ts';
import { artists, tracks, trackArtists, uploads } from '#core/db/catalog-schema.ts';
import { Forbidden, NotFound, PayloadTooLarge, Unprocessable } from '#core/errors.ts';
import { newId, virtualShardOf } from '#core/ids.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import { findShard, shardDb, shardOf } from '#core/shards.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { assertUploadAllowed } from './artist-quota.ts';
import { ACCEPTED_CONTENT_TYPES, PART_SIZE, type CreateUploadBody, type EpisodeUploadBody, type TrackUploadBody } from './schemas.ts';

export interface CreatedUpload {
  id: string;
  track_id?: string;
  episode_id?: string;
  status: 'created';
  part_size: number;
  part_count: number;
}

/** What an upload makes, written in the upload's batch: the rows before the upload's and the id it names. */
interface UploadItem {
  column: { trackId: string } | { episodeId: string };
  answer: { track_id: string } | { episode_id: string };
  statements: D1PreparedStatement[];
}

/**
 * Opens an upload, within the artist's rate and quota (artist-quota.ts): the R2
 * multipart upload of the source, then in one batch what it makes (a
 * `processing` track, or an episode of one of the artist's shows) and the upload
 * row, all in the artist's catalog shard. An imported episode carries its feed
 * item's guid (`episodeGuid`), unique per show, so a racing re-import writes nothing.
 */
export async function createUpload(env: Env, user: AuthUser, input: CreateUploadBody, episodeGuid?: string): Promise<CreatedUpload> {
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
  const item = input.kind === 'episode' ? await episodeItem(env, d1, artistId, input, episodeGuid) : trackItem(d1, artistId, artist.name, input);
  await assertUploadAllowed(env, d1, artistId, input.size_bytes);

  const uploadId = newId('upl', virtualShardOf(artistId));
  const partCount = Math.max(1, Math.ceil(input.size_bytes / PART_SIZE));
  const multipart = await env.MEDIA.createMultipartUpload(mediaKeys.source(uploadId), {
    httpMetadata: { contentType },
    customMetadata: { upload_id: uploadId, ...item.answer },
  });
  const { sql: text, params } = db
    .insert(uploads)
    .values({
      id: uploadId,
      ...item.column,
      artistId,
      userId: user.id,
      contentType,
      sizeBytes: input.size_bytes,
      partSize: PART_SIZE,
      partCount,
      multipartId: multipart.uploadId,
      status: 'created',
    })
    .toSQL();
  try {
    await d1.batch([...item.statements, d1.prepare(text).bind(...params)]);
  } catch (err) {
    await multipart.abort().catch(() => undefined);
    throw err;
  }
  return { id: uploadId, ...item.answer, status: 'created', part_size: PART_SIZE, part_count: partCount };
}

/**
 * The album (found by name, created if missing), the track crediting the artist.
 * Plain D1 statements: drizzle's batch cannot carry the album's insert-if-missing, which must share the
 * transaction so that two uploads naming the same new album cannot both create it.
 */
function trackItem(d1: D1Database, artistId: string, artistName: string, input: TrackUploadBody): UploadItem {
  const db = drizzle(d1);
  const trackId = newId('trk', virtualShardOf(artistId));
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
    db.insert(trackArtists).values({ trackId, artistId, artistName, position: 0 }),
  ] as const;
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
  return { column: { trackId }, answer: { track_id: trackId }, statements };
}

/** A `processing` episode of the artist's own show; the show's id is the client's, so it is checked here. */
async function episodeItem(env: Env, d1: D1Database, artistId: string, input: EpisodeUploadBody, guid?: string): Promise<UploadItem> {
  const showShard = findShard(env, 'CATALOG', input.show_id, ['shw']);
  if (showShard === null) throw new Unprocessable(`show_id ${JSON.stringify(input.show_id)} is not a show id.`, 'invalid_show_id');
  const show = await shardDb(env, 'CATALOG', showShard).prepare('SELECT artist_id FROM shows WHERE id = ?').bind(input.show_id).first<{ artist_id: string }>();
  if (!show) throw new NotFound(`No show with id ${JSON.stringify(input.show_id)}.`, 'show_not_found');
  if (show.artist_id !== artistId) throw new Forbidden("Only the show's publisher may upload its episodes.", 'not_your_show');
  // The artist's own show lives on the artist's shard (shows.ts), so the episode joins it there.
  const episodeId = newId('epi', virtualShardOf(input.show_id));
  const { sql: text, params } = drizzle(d1)
    .insert(episodes)
    .values({ id: episodeId, showId: input.show_id, name: input.title, description: input.description, status: 'processing', guid })
    .toSQL();
  return { column: { episodeId }, answer: { episode_id: episodeId }, statements: [d1.prepare(text).bind(...params)] };
}

function formatMiB(bytes: number): string {
  return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MiB`;
}
