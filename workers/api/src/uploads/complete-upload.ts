import { asc, eq } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/d1';
import { REQUEUES_EXHAUSTED_MESSAGE } from '#core/catalog/upload-lifecycle.ts';
import { claimJobSend, markUploaded, releaseJobSend, transcodeJobOf, type UploadRow } from '#core/catalog/upload-transitions.ts';
import { uploadParts, type UploadStatus } from '#core/db/catalog-schema.ts';
import { Conflict, ServiceUnavailable, Unprocessable } from '#core/errors.ts';
import { log } from '#core/log.ts';
import { mediaKeys } from '#core/protocol/transcode.ts';
import type { AuthUser } from '../auth/tokens.ts';
import { findUpload } from './access.ts';

const QUEUE_RETRY_SECONDS = 5;

/**
 * Assembles the source in R2, marks the upload `uploaded` and queues the
 * transcode job, once: the request that moves the upload claims the send
 * (`queued_at`, in the same statement), and every other call sends nothing.
 * - `uploaded`: sends only if no job was ever sent (a failed send gives its
 *   claim back and answers 503, so completing again is how a client retries).
 * - `transcoding` / `ready`: nothing is sent; the answer names the current status.
 * - `failed`: 409; the artist has to start a new upload, unless it failed after
 *   its requeues (the file is kept and an admin can requeue it).
 */
export async function completeUpload(env: Env, user: AuthUser, uploadId: string, requestId?: string): Promise<{ status: UploadStatus }> {
  const { d1, upload } = await findUpload(env, user, uploadId, 'owner');
  switch (upload.status) {
    case 'created':
      break;
    case 'uploaded':
      await sendJobOnce(env, d1, upload, await claimJobSend(d1, uploadId), requestId);
      return { status: 'uploaded' };
    case 'transcoding':
    case 'ready':
      return { status: upload.status };
    case 'failed':
      // Failed only after its requeues: the file is kept, and support requeues it rather than the artist uploading again.
      if (upload.error === REQUEUES_EXHAUSTED_MESSAGE) throw new Conflict(`This upload failed: ${upload.error}`, 'upload_failed');
      throw new Conflict(`This upload failed (${upload.error ?? 'unknown error'}); start a new upload.`, 'upload_failed');
  }

  const parts = await drizzle(d1).select().from(uploadParts).where(eq(uploadParts.uploadId, uploadId)).orderBy(asc(uploadParts.partNumber)).all();
  const present = new Set(parts.map((p) => p.partNumber));
  const missing = Array.from({ length: upload.partCount }, (_, i) => i + 1).filter((n) => !present.has(n));
  if (missing.length > 0) {
    throw new Unprocessable(`Parts missing: ${missing.join(', ')} (of ${upload.partCount}). Send them before completing.`, 'parts_missing');
  }

  await assembleSource(env, upload, parts, requestId);
  // If another request completed it meanwhile, that request sends the job.
  await sendJobOnce(env, d1, upload, await markUploaded(d1, uploadId), requestId);
  return { status: 'uploaded' };
}

async function assembleSource(env: Env, upload: UploadRow, parts: { partNumber: number; etag: string }[], requestId?: string): Promise<void> {
  const key = mediaKeys.source(upload.id);
  try {
    await env.MEDIA.resumeMultipartUpload(key, upload.multipartId).complete(parts.map(({ partNumber, etag }) => ({ partNumber, etag })));
  } catch (err) {
    // An earlier attempt may have assembled the object and then failed before recording it.
    const existing = await env.MEDIA.head(key);
    if (existing?.size === upload.sizeBytes) return;
    log('error', 'multipart_complete_failed', { worker: 'api', request_id: requestId, upload_id: upload.id, error: err });
    throw new Conflict('The uploaded parts could not be put together; send the parts again, then complete.', 'parts_mismatch');
  }
}

/** Sends the job if this request holds the claim (`claimedAt`); a failed send gives the claim back. */
async function sendJobOnce(env: Env, d1: D1Database, upload: UploadRow, claimedAt: number | null, requestId?: string): Promise<void> {
  if (claimedAt === null) return;
  const job = transcodeJobOf(upload, requestId);
  try {
    await env.TRANSCODE_QUEUE.send(job);
  } catch (err) {
    log('error', 'transcode_job_send_failed', { worker: 'api', request_id: requestId, upload_id: upload.id, error: err });
    await releaseJobSend(d1, upload.id, claimedAt);
    throw new ServiceUnavailable(
      'The upload is stored, but its transcode could not be queued; complete it again in a moment.',
      QUEUE_RETRY_SECONDS,
      'queue_unavailable',
    );
  }
}
