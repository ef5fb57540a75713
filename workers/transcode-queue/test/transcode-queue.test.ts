import { createExecutionContext, createMessageBatch, getQueueResult } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it, vi } from 'vitest';
import { TRANSCODE_DELAYED_MESSAGE } from '#core/catalog/upload-lifecycle.ts';
import { verifyIngestToken } from '#core/ingest-token.ts';
import { SOURCE_URL_TTL_SECONDS, TranscodeRequest } from '#core/protocol/transcode.ts';
import { signingKeysFrom, verifySignedUrl } from '#core/signing.ts';
import worker from '../src/index.ts';
import { retryDelaySeconds } from '../src/outcome.ts';
import { DEAD_LETTER_QUEUE, processTranscodeJob } from '../src/process-job.ts';
import { transcodeRequest } from '../src/transcoder-client.ts';
import { seedUpload, stateOf } from './seed.ts';

// Nothing listens here, so any call to the transcoder fails to connect. Tests that must not reach
// the transcoder use it too: had they called it, the message would have been retried, not acked.
const unreachable = { ...env, TRANSCODER_URL: 'http://127.0.0.1:9' };

let counter = 0;

/** Runs the worker's queue handler on one message, as the Queues runtime would deliver it. */
async function deliver(queue: string, body: unknown, attempts = 1, testEnv: Env = unreachable) {
  const id = `msg-${++counter}`;
  const batch = createMessageBatch(queue, [{ id, timestamp: new Date(), attempts, body }]);
  // getQueueResult reports which messages were retried but not with what delay; the spy records that and calls through.
  const retry = vi.spyOn(batch.messages[0]!, 'retry');
  const ctx = createExecutionContext();
  await (worker as ExportedHandler<Env>).queue!(batch, testEnv, ctx);
  const result = await getQueueResult(batch, ctx);
  return { id, result, retryDelays: retry.mock.calls.map(([options]) => options?.delaySeconds) };
}

describe('transcode-queue', () => {
  it('acks a redelivered job for a ready upload without calling the transcoder', async () => {
    const { uploadId, job } = await seedUpload('ready');
    const { id, result } = await deliver('encore-transcode', job);
    expect(result.explicitAcks).toEqual([id]);
    expect(result.retryMessages).toEqual([]);
    const { upload } = await stateOf(uploadId);
    expect(upload).toMatchObject({ status: 'ready', attempts: 0 });
  });

  it('acks a job for a failed upload, and jobs for unknown uploads or malformed bodies', async () => {
    const failed = await seedUpload('failed');
    for (const body of [
      failed.job,
      { upload_id: 'upl1_doesnotexist0000', track_id: 'trk1_x' },
      { upload_id: 'upl77_x', track_id: 'trk77_x' },
      { nonsense: true },
    ]) {
      const { id, result } = await deliver('encore-transcode', body);
      expect(result.explicitAcks).toEqual([id]);
      expect(result.retryMessages).toEqual([]);
    }
    expect((await stateOf(failed.uploadId)).upload.status).toBe('failed');
  });

  it('retries with exponential backoff when the transcoder is unreachable, and does not fail the upload', async () => {
    const { uploadId, job } = await seedUpload('uploaded');
    const first = await deliver('encore-transcode', job, 1);
    expect(first.result.explicitAcks).toEqual([]);
    expect(first.result.retryMessages).toEqual([{ msgId: first.id }]);
    expect(first.retryDelays).toEqual([10]);
    expect(await stateOf(uploadId)).toMatchObject({ upload: { status: 'transcoding', attempts: 1, error: null }, track: { status: 'processing' } });

    // The queue redelivers; the upload is still transcodable and the wait doubles each time.
    const third = await deliver('encore-transcode', job, 3);
    expect(third.result.retryMessages).toEqual([{ msgId: third.id }]);
    expect(third.retryDelays).toEqual([40]);
    expect(await stateOf(uploadId)).toMatchObject({ upload: { status: 'transcoding', attempts: 2 }, track: { status: 'processing' } });

    const outcome = await processTranscodeJob(unreachable, job);
    expect(outcome).toMatchObject({ action: 'retry', reason: expect.stringContaining('unreachable') });
  });

  it('caps the backoff and honours a longer Retry-After', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelaySeconds(n))).toEqual([10, 20, 40, 80, 160]);
    expect(retryDelaySeconds(20)).toBe(600);
    expect(retryDelaySeconds(1, 30)).toBe(30);
  });

  it('gives the transcoder a signed, short-lived source URL on the media origin', async () => {
    const now = Date.now();
    const request = TranscodeRequest.parse(await transcodeRequest(env, 'upl1_abc', 'upl1_abc.1', now));
    const source = new URL(request.source_url);
    expect(source.origin).toBe(new URL(env.MEDIA_ORIGIN).origin);
    expect(source.pathname).toBe('/media/sources/upl1_abc');
    const maxLifetimeSeconds = SOURCE_URL_TTL_SECONDS;
    expect(await verifySignedUrl(source, signingKeysFrom(env), { maxLifetimeSeconds, nowSeconds: Math.floor(now / 1000) })).toEqual({ ok: true, scope: null });
    expect(Number(source.searchParams.get('exp')) - now / 1000).toBeLessThanOrEqual(15 * 60);
    expect(await verifySignedUrl(source, signingKeysFrom(env), { maxLifetimeSeconds, nowSeconds: Math.floor(now / 1000) + 16 * 60 })).toEqual({
      ok: false,
      reason: 'expired',
    });
  });

  it('sends the ladder to the ingest origin, never the public one, with a token for this job alone', async () => {
    const now = Date.now();
    const request = TranscodeRequest.parse(await transcodeRequest(env, 'upl1_abc', 'upl1_abc.2', now));
    expect(new URL(request.ingest_url).origin).toBe(new URL(env.INGEST_ORIGIN).origin);
    expect(new URL(request.ingest_url).origin).not.toBe(new URL(env.MEDIA_ORIGIN).origin);
    expect(new URL(request.ingest_url).pathname).toBe('/media/ingest/jobs/upl1_abc.2');
    const nowSeconds = Math.floor(now / 1000);
    expect(await verifyIngestToken(env.INGEST_SECRET, 'upl1_abc.2', request.ingest_token, nowSeconds)).toEqual({ ok: true });
    expect(await verifyIngestToken(env.INGEST_SECRET, 'upl1_abc.1', request.ingest_token, nowSeconds)).toEqual({ ok: false, reason: 'bad_signature' });
    expect(await verifyIngestToken(env.INGEST_SECRET, 'upl1_abc.2', request.ingest_token, nowSeconds + 16 * 60)).toEqual({ ok: false, reason: 'expired' });
    expect(request.ingest_token).not.toContain(env.TRANSCODER_SECRET);
  });

  it('keeps a dead-lettered upload waiting for a requeue instead of failing it or asking for a new upload', async () => {
    const { uploadId, job } = await seedUpload('transcoding');
    const before = Date.now();
    const { id, result } = await deliver(DEAD_LETTER_QUEUE, job);
    expect(result.explicitAcks).toEqual([id]);
    const { upload, track } = await stateOf(uploadId);
    expect(upload).toMatchObject({ status: 'uploaded', queuedAt: null, error: TRANSCODE_DELAYED_MESSAGE });
    expect(upload.error).not.toMatch(/upload(ing)? again/);
    expect(upload.retryAt).toBeGreaterThan(before);
    expect(track.status).toBe('processing');
  });

  it('leaves a ready upload ready when a stale dead letter arrives', async () => {
    const { uploadId, job } = await seedUpload('ready');
    const { id, result } = await deliver(DEAD_LETTER_QUEUE, job);
    expect(result.explicitAcks).toEqual([id]);
    expect(await stateOf(uploadId)).toMatchObject({ upload: { status: 'ready', error: null }, track: { status: 'ready' } });
  });
});
