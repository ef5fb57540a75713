import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { tracks, uploads, type UploadStatus } from '../db/catalog-schema.ts';
import { shardDb, shardOf, type ShardEnv } from '../shards.ts';
import { FAILABLE_STATUSES, TRANSCODABLE_STATUSES } from './upload-lifecycle.ts';

/**
 * Every change of an upload's status, shared by the api and transcode-queue
 * workers. Each is one conditional statement (or one atomic batch with the
 * track's), so a stale or repeated caller changes nothing and learns so from
 * the return value instead of overwriting a later state.
 */
export type UploadRow = typeof uploads.$inferSelect;

/** The catalog shard holding an upload; NotFound (`upload_not_found`) for an id that cannot exist. */
export function uploadShardDb(env: ShardEnv, uploadId: string): D1Database {
  return shardDb(env, 'CATALOG', shardOf(env, 'CATALOG', uploadId, ['upl'], 'upload'));
}

export async function loadUpload(db: D1Database, uploadId: string): Promise<UploadRow | null> {
  return (await drizzle(db).select().from(uploads).where(eq(uploads.id, uploadId)).get()) ?? null;
}

/**
 * created → uploaded, once every part is in R2 and the object is assembled. The
 * caller that moves it also claims the sending of its transcode job (`queued_at`);
 * the claim time is returned, null when the upload was not `created`.
 */
export async function markUploaded(db: D1Database, uploadId: string): Promise<number | null> {
  const now = Date.now();
  const row = await drizzle(db)
    .update(uploads)
    .set({ status: 'uploaded', queuedAt: now, updatedAt: now })
    .where(and(eq(uploads.id, uploadId), eq(uploads.status, 'created')))
    .returning({ id: uploads.id })
    .get();
  return row === undefined ? null : now;
}

/**
 * Claims the sending of the transcode job of an `uploaded` upload whose job was
 * never sent (an earlier send failed and gave its claim back). One caller wins;
 * the others get null and send nothing, so completing again queues nothing more.
 */
export async function claimJobSend(db: D1Database, uploadId: string): Promise<number | null> {
  const now = Date.now();
  const row = await drizzle(db)
    .update(uploads)
    .set({ queuedAt: now })
    .where(and(eq(uploads.id, uploadId), eq(uploads.status, 'uploaded'), isNull(uploads.queuedAt)))
    .returning({ id: uploads.id })
    .get();
  return row === undefined ? null : now;
}

/** Gives back the claim taken at `claimedAt` after its send failed, so that completing again sends the job. */
export async function releaseJobSend(db: D1Database, uploadId: string, claimedAt: number): Promise<void> {
  await drizzle(db)
    .update(uploads)
    .set({ queuedAt: null })
    .where(and(eq(uploads.id, uploadId), eq(uploads.status, 'uploaded'), eq(uploads.queuedAt, claimedAt)));
}

/** uploaded|transcoding → transcoding, counting the attempt. Null when the upload is in no state to transcode. */
export async function markTranscoding(db: D1Database, uploadId: string): Promise<UploadRow | null> {
  const row = await drizzle(db)
    .update(uploads)
    .set({ status: 'transcoding', attempts: sql`${uploads.attempts} + 1`, updatedAt: Date.now() })
    .where(and(eq(uploads.id, uploadId), inArray(uploads.status, TRANSCODABLE_STATUSES)))
    .returning()
    .get();
  return row ?? null;
}

export interface TranscodedAudio {
  contentHash: string;
  durationMs: number;
  loudnessLufs: number;
}

/** transcoding → ready; the track becomes playable from the ladder under `hls/{contentHash}/`. */
export async function markReady(db: D1Database, uploadId: string, audio: TranscodedAudio): Promise<boolean> {
  return moveWithTrack(db, uploadId, ['transcoding'], 'ready', null, {
    status: 'ready',
    audioHash: audio.contentHash,
    durationMs: audio.durationMs,
    loudnessLufs: audio.loudnessLufs,
  });
}

/** Any unfinished state → failed, with a message the artist can read. A ready upload stays ready. */
export async function markFailed(db: D1Database, uploadId: string, message: string): Promise<boolean> {
  return moveWithTrack(db, uploadId, FAILABLE_STATUSES, 'failed', message, { status: 'failed' });
}

async function moveWithTrack(
  d1: D1Database,
  uploadId: string,
  from: readonly UploadStatus[],
  to: UploadStatus,
  error: string | null,
  track: Partial<typeof tracks.$inferInsert>,
): Promise<boolean> {
  const db = drizzle(d1);
  const trackOfMovableUpload = db
    .select({ id: uploads.trackId })
    .from(uploads)
    .where(and(eq(uploads.id, uploadId), inArray(uploads.status, from)));
  // The track goes first: its guard reads the upload's status before the second statement changes it.
  const [, moved] = await db.batch([
    db.update(tracks).set(track).where(and(inArray(tracks.id, trackOfMovableUpload), eq(tracks.status, 'processing'))),
    db
      .update(uploads)
      .set({ status: to, error, updatedAt: Date.now() })
      .where(and(eq(uploads.id, uploadId), inArray(uploads.status, from)))
      .returning({ id: uploads.id }),
  ]);
  return moved.length > 0;
}
