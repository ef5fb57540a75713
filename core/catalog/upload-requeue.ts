import { mediaKeys, type TranscodeJob } from '../protocol/transcode.ts';
import { allShardDbs, type ShardEnv } from '../shards.ts';
import { MAX_REQUEUES, nextRequeueAt, REQUEUES_EXHAUSTED_MESSAGE, SOURCE_MISSING_MESSAGE } from './upload-lifecycle.ts';
import { claimRequeue, dueDelayedUploads, failDelayed, releaseJobSend, transcodeJobOf, type UploadRow } from './upload-transitions.ts';
import { log } from '../log.ts';

/**
 * Sends a dead-lettered upload's transcode job again from the source stored in
 * R2: the transcode-queue worker's scheduled sweep does it for every delayed
 * upload that is due, an admin for one (POST /api/v1/admin/uploads/{id}/requeue).
 */
export interface RequeueEnv extends ShardEnv {
  MEDIA: R2Bucket;
  TRANSCODE_QUEUE: Queue<TranscodeJob>;
}

/** Delayed uploads looked at per shard and sweep; the rest wait for the next one. */
const SWEEP_BATCH = 50;

export async function sourceStored(media: R2Bucket, upload: UploadRow): Promise<boolean> {
  return (await media.head(mediaKeys.source(upload.id))) !== null;
}

/** Sends the job if the caller holds the claim taken at `claimedAt`; a failed send gives it back and answers false. */
export async function sendClaimedJob(env: RequeueEnv, d1: D1Database, upload: UploadRow, claimedAt: number): Promise<boolean> {
  try {
    await env.TRANSCODE_QUEUE.send(transcodeJobOf(upload));
    return true;
  } catch (err) {
    log('error', 'requeue_send_failed', { worker: 'api', upload_id: upload.id, error: err });
    await releaseJobSend(d1, upload.id, claimedAt);
    return false;
  }
}

export interface SweepReport {
  requeued: string[];
  failed: string[];
  /** Claimed by another sweep, or the send failed (tried again once due). */
  skipped: string[];
}

/** One sweep over every catalog shard at `now`: requeue what is due, fail what has used its requeues or lost its source. */
export async function sweepDelayedUploads(env: RequeueEnv, now = Date.now()): Promise<SweepReport> {
  const report: SweepReport = { requeued: [], failed: [], skipped: [] };
  for (const d1 of allShardDbs(env, 'CATALOG')) {
    for (const upload of await dueDelayedUploads(d1, now, SWEEP_BATCH)) {
      const giveUp = upload.requeues >= MAX_REQUEUES ? REQUEUES_EXHAUSTED_MESSAGE : (await sourceStored(env.MEDIA, upload)) ? null : SOURCE_MISSING_MESSAGE;
      if (giveUp) {
        ((await failDelayed(d1, upload.id, giveUp)) ? report.failed : report.skipped).push(upload.id);
        continue;
      }
      const claimedAt = await claimRequeue(d1, upload.id, now, nextRequeueAt(upload.requeues + 1, now));
      const sent = claimedAt !== null && (await sendClaimedJob(env, d1, upload, claimedAt));
      (sent ? report.requeued : report.skipped).push(upload.id);
    }
  }
  return report;
}
