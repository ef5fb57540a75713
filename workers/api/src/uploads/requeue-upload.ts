import { sendClaimedJob, sourceStored } from '#core/catalog/upload-requeue.ts';
import { loadUpload, reopenForRequeue, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { Conflict, NotFound, ServiceUnavailable } from '#core/errors.ts';

const QUEUE_RETRY_SECONDS = 5;

/**
 * An admin sends an upload's transcode job again from its stored source: one
 * that failed, or one waiting with no job queued (delayed after a dead letter).
 * The reopen claims the send (`queued_at`), so two requeues queue one job.
 */
export async function requeueUpload(env: Env, uploadId: string): Promise<{ status: 'uploaded' }> {
  const d1 = uploadShardDb(env, uploadId);
  const upload = await loadUpload(d1, uploadId);
  if (!upload) throw new NotFound(`No upload with id ${JSON.stringify(uploadId)}.`, 'upload_not_found');
  if (!(await sourceStored(env.MEDIA, upload)))
    throw new Conflict('The uploaded file is no longer stored; the artist has to upload it again.', 'source_missing');
  const claimedAt = await reopenForRequeue(d1, uploadId);
  if (claimedAt === null)
    throw new Conflict(
      `This upload is ${upload.status}${upload.queuedAt !== null ? ' with a job queued' : ''}; only a failed or delayed upload can be requeued.`,
      'upload_not_requeueable',
    );
  if (!(await sendClaimedJob(env, d1, upload, claimedAt))) {
    throw new ServiceUnavailable('The transcode could not be queued; requeue it again in a moment.', QUEUE_RETRY_SECONDS, 'queue_unavailable');
  }
  return { status: 'uploaded' };
}
