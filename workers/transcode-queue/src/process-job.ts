import { isFinal, nextRequeueAt, TRANSCODE_DELAYED_MESSAGE } from '#core/catalog/upload-lifecycle.ts';
import { settleTranscoded } from '#core/catalog/recording-check.ts';
import { ladderProfileOf, loadUpload, markDelayed, markFailed, markTranscoding, uploadShardDb } from '#core/catalog/upload-transitions.ts';
import { fingerprintFromBase64 } from '#core/fingerprint/codec.ts';
import { NotFound } from '#core/errors.ts';
import { TranscodeJob } from '#core/protocol/transcode.ts';
import { ack, retry, type JobOutcome } from './outcome.ts';
import { requestTranscode, transcodeRequest } from './transcoder-client.ts';

/**
 * One transcode job, start to finish. Redelivery is harmless: an upload that
 * is already `ready` or `failed` is left alone, and every state change is
 * conditional (see core/catalog/upload-transitions.ts).
 */
export async function processTranscodeJob(env: Env, body: unknown): Promise<JobOutcome> {
  const parsed = TranscodeJob.safeParse(body);
  if (!parsed.success) return ack(`malformed job dropped: ${JSON.stringify(body)}`);
  const job = parsed.data;

  const d1 = catalogDbOf(env, job.upload_id);
  const upload = d1 && (await loadUpload(d1, job.upload_id));
  if (!d1 || !upload) return ack(`unknown upload ${job.upload_id}; job dropped`);
  const named = `${job.track_id ?? job.episode_id}`;
  const own = `${upload.trackId ?? upload.episodeId}`;
  if (named !== own || (job.track_id && job.episode_id)) return ack(`job names ${named} but upload ${upload.id} makes ${own}; job dropped`);
  if (isFinal(upload.status)) return ack(`upload already ${upload.status}; redelivery ignored`);

  const started = await markTranscoding(d1, upload.id);
  if (!started) return ack(`upload is ${upload.status}, not ready to transcode; job dropped`);

  const request = await transcodeRequest(env, upload.id, `${upload.id}.${started.attempts}`, Date.now(), ladderProfileOf(upload));
  const attempt = await requestTranscode(env, job.request_id ? { ...request, request_id: job.request_id } : request);
  switch (attempt.kind) {
    case 'done': {
      const { content_hash, duration_ms, loudness_lufs, chapters, lossless, fingerprint } = attempt.result;
      const audio = { contentHash: content_hash, durationMs: duration_ms, loudnessLufs: loudness_lufs, chapters, lossless };
      const settled = await settleTranscoded(env, d1, started, audio, fingerprint ? fingerprintFromBase64(fingerprint) : null);
      switch (settled.outcome) {
        case 'ready':
          return ack(
            `ready as ${content_hash}${attempt.result.reused ? ' (ladder reused)' : ''}${settled.sameRecordingAs ? `, the same recording as ${settled.sameRecordingAs}` : ''}`,
          );
        case 'held':
          return ack(`held: matches track ${settled.match.trackId} of artist ${settled.match.artistId}`);
        case 'moved_on':
          return ack('transcoded, but the upload had moved on meanwhile');
      }
      break;
    }
    case 'permanent':
      await markFailed(d1, upload.id, attempt.message);
      return ack(`failed permanently (${attempt.code}): ${attempt.message}`);
    case 'transient':
      return retry(attempt.reason, attempt.retryAfterSeconds);
  }
}

/** The upload's catalog shard, or null for an id that names none. */
export function catalogDbOf(env: Env, uploadId: string): D1Database | null {
  try {
    return uploadShardDb(env, uploadId);
  } catch (err) {
    if (err instanceof NotFound) return null;
    throw err;
  }
}

/** Jobs the main queue gave up on arrive here (wrangler.toml `dead_letter_queue`). */
export const DEAD_LETTER_QUEUE = 'encore-transcode-dlq';

/**
 * A job the queue gave up on after its last retry. Only transient causes get
 * here (a permanent one fails the upload at once), and the source is still in
 * R2, so the upload waits as delayed for the scheduled sweep to requeue it.
 */
export async function processDeadLetter(env: Env, body: unknown): Promise<JobOutcome> {
  const parsed = TranscodeJob.safeParse(body);
  if (!parsed.success) return ack(`malformed dead letter dropped: ${JSON.stringify(body)}`);
  const d1 = catalogDbOf(env, parsed.data.upload_id);
  const upload = d1 && (await loadUpload(d1, parsed.data.upload_id));
  if (!d1 || !upload) return ack(`dead letter for unknown upload ${parsed.data.upload_id}`);
  const retryAt = nextRequeueAt(upload.requeues);
  const delayed = await markDelayed(d1, upload.id, retryAt, TRANSCODE_DELAYED_MESSAGE);
  return ack(
    delayed
      ? `delayed after the last retry; requeue due at ${new Date(retryAt).toISOString()}`
      : `dead letter for an upload that is ${upload.status}; left alone`,
  );
}
