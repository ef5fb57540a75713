import { and, eq, inArray, isNull, lte, or, sql, type SQL } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { episodes } from '../db/catalog-podcasts.ts';
import { tracks, uploads, type UploadStatus } from '../db/catalog-schema.ts';
import type { LadderProfile, LosslessQuality, TranscodeJob } from '../protocol/transcode.ts';
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

/** The queue message of an upload's transcode: it names what the upload makes. */
export function transcodeJobOf(upload: UploadRow, requestId?: string): TranscodeJob {
  return {
    upload_id: upload.id,
    ...(upload.trackId ? { track_id: upload.trackId } : {}),
    ...(upload.episodeId ? { episode_id: upload.episodeId } : {}),
    ...(requestId ? { request_id: requestId } : {}),
  };
}

/** Episodes get the speech ladder, tracks the music one. */
export const ladderProfileOf = (upload: UploadRow): LadderProfile => (upload.episodeId ? 'speech' : 'music');

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
  /** An episode's chapter markers; tracks have none. */
  chapters?: { title: string; start_ms: number }[] | undefined;
  /** The ladder's lossless rendition, for a track whose source was lossless. */
  lossless?: LosslessQuality | undefined;
}

/** transcoding → ready (or, released by an admin, held → ready); the track or episode becomes playable from the ladder under `hls/{contentHash}/`. */
export async function markReady(
  db: D1Database,
  uploadId: string,
  audio: TranscodedAudio,
  { from = ['transcoding'], sameRecordingAs = null }: { from?: readonly UploadStatus[]; sameRecordingAs?: string | null } = {},
): Promise<boolean> {
  return moveWithTrack(
    db,
    uploadId,
    from,
    'ready',
    null,
    { status: 'ready', audioHash: audio.contentHash, durationMs: audio.durationMs, loudnessLufs: audio.loudnessLufs },
    undefined,
    { chapters: audio.chapters?.length ? JSON.stringify(audio.chapters) : null },
    { losslessBitDepth: audio.lossless?.bit_depth ?? null, losslessSampleRate: audio.lossless?.sample_rate ?? null, sameRecordingAs },
  );
}

/**
 * transcoding → held: the audio matched another artist's track, so it waits
 * (its track still processing, unplayable) with `message` naming the match and
 * the transcoded audio kept for an admin's release.
 */
export async function markHeld(db: D1Database, uploadId: string, audio: TranscodedAudio, message: string): Promise<boolean> {
  return moveWithTrack(db, uploadId, ['transcoding'], 'held', message, { status: 'processing' }, undefined, {}, {}, { heldAudio: JSON.stringify(audio) });
}

/** The transcoded audio a held upload waits with; null when it has none. */
export function heldAudioOf(upload: UploadRow): TranscodedAudio | null {
  return upload.heldAudio ? (JSON.parse(upload.heldAudio) as TranscodedAudio) : null;
}

/**
 * transcoding|uploaded → delayed (`uploaded`, no job queued, due for a requeue at
 * `retryAt`), after the queue gave up on its job. The track stays processing.
 */
export async function markDelayed(db: D1Database, uploadId: string, retryAt: number, message: string): Promise<boolean> {
  const row = await drizzle(db)
    .update(uploads)
    .set({ status: 'uploaded', queuedAt: null, retryAt, error: message, updatedAt: Date.now() })
    .where(and(eq(uploads.id, uploadId), inArray(uploads.status, TRANSCODABLE_STATUSES)))
    .returning({ id: uploads.id })
    .get();
  return row !== undefined;
}

const isDelayed = and(eq(uploads.status, 'uploaded'), isNull(uploads.queuedAt), sql`${uploads.retryAt} IS NOT NULL`);

/** Delayed uploads due for a requeue at `now` (index uploads_retry_due), oldest first. */
export async function dueDelayedUploads(db: D1Database, now: number, limit: number): Promise<UploadRow[]> {
  return drizzle(db)
    .select()
    .from(uploads)
    .where(and(isDelayed, lte(uploads.retryAt, now)))
    .orderBy(uploads.retryAt)
    .limit(limit)
    .all();
}

/**
 * Claims the requeue of a delayed upload that is due (one caller wins, like
 * claimJobSend), counting it; `nextRetryAt` is when the sweep tries again should
 * this send fail and give its claim back. Null when it is not delayed and due.
 */
export async function claimRequeue(db: D1Database, uploadId: string, now: number, nextRetryAt: number): Promise<number | null> {
  const row = await drizzle(db)
    .update(uploads)
    .set({ queuedAt: now, requeues: sql`${uploads.requeues} + 1`, retryAt: nextRetryAt, updatedAt: now })
    .where(and(eq(uploads.id, uploadId), isDelayed, lte(uploads.retryAt, now)))
    .returning({ id: uploads.id })
    .get();
  return row === undefined ? null : now;
}

/** delayed → failed (requeues used up, or the source is gone); false if a requeue or a new job won meanwhile. */
export async function failDelayed(db: D1Database, uploadId: string, message: string): Promise<boolean> {
  return moveWithTrack(db, uploadId, ['uploaded'], 'failed', message, { status: 'failed' }, isDelayed);
}

/**
 * An admin's requeue: failed, or uploaded with no job queued → uploaded with the
 * job send claimed (`queued_at`), the error cleared and the track back to
 * processing. Returns the claim time; null when the upload is in another state
 * or a job is already queued.
 */
export async function reopenForRequeue(d1: D1Database, uploadId: string): Promise<number | null> {
  const db = drizzle(d1);
  const now = Date.now();
  const reopenable = and(eq(uploads.id, uploadId), or(eq(uploads.status, 'failed'), and(eq(uploads.status, 'uploaded'), isNull(uploads.queuedAt))));
  const trackOfReopenable = db.select({ id: uploads.trackId }).from(uploads).where(reopenable);
  const episodeOfReopenable = db.select({ id: uploads.episodeId }).from(uploads).where(reopenable);
  const [, , moved] = await db.batch([
    db
      .update(tracks)
      .set({ status: 'processing' })
      .where(and(inArray(tracks.id, trackOfReopenable), eq(tracks.status, 'failed'))),
    db
      .update(episodes)
      .set({ status: 'processing' })
      .where(and(inArray(episodes.id, episodeOfReopenable), eq(episodes.status, 'failed'))),
    db.update(uploads).set({ status: 'uploaded', queuedAt: now, error: null, retryAt: null, updatedAt: now }).where(reopenable).returning({ id: uploads.id }),
  ]);
  return moved.length > 0 ? now : null;
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
  item: Partial<typeof tracks.$inferInsert> & Partial<typeof episodes.$inferInsert>,
  guard?: SQL | undefined,
  episodeOnly: Partial<typeof episodes.$inferInsert> = {},
  trackOnly: Partial<typeof tracks.$inferInsert> = {},
  uploadOnly: Partial<typeof uploads.$inferInsert> = { heldAudio: null },
): Promise<boolean> {
  const db = drizzle(d1);
  const movable = and(eq(uploads.id, uploadId), inArray(uploads.status, from), guard);
  const trackOfMovableUpload = db.select({ id: uploads.trackId }).from(uploads).where(movable);
  const episodeOfMovableUpload = db.select({ id: uploads.episodeId }).from(uploads).where(movable);
  // An upload makes a track or an episode (the other statement matches nothing). They go first:
  // their guards read the upload's status before the last statement changes it.
  const [, , moved] = await db.batch([
    db
      .update(tracks)
      .set({ ...item, ...trackOnly })
      .where(and(inArray(tracks.id, trackOfMovableUpload), eq(tracks.status, 'processing'))),
    db
      .update(episodes)
      .set({ ...item, ...episodeOnly })
      .where(and(inArray(episodes.id, episodeOfMovableUpload), eq(episodes.status, 'processing'))),
    db
      .update(uploads)
      .set({ status: to, error, updatedAt: Date.now(), ...uploadOnly })
      .where(movable)
      .returning({ id: uploads.id }),
  ]);
  return moved.length > 0;
}
