import { createExecutionContext, createMessageBatch, createScheduledController, getQueueResult, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { drizzle } from 'drizzle-orm/d1';
import { eq } from 'drizzle-orm';
import { describe, expect, it, vi } from 'vitest';
import {
  MAX_REQUEUES,
  REQUEUE_DELAYS_MS,
  REQUEUES_EXHAUSTED_MESSAGE,
  SOURCE_MISSING_MESSAGE,
  TRANSCODE_DELAYED_MESSAGE,
} from '#core/catalog/upload-lifecycle.ts';
import { sweepDelayedUploads } from '#core/catalog/upload-requeue.ts';
import { uploads } from '#core/db/catalog-schema.ts';
import { shardDb } from '#core/shards.ts';
import worker from '../src/index.ts';
import { DEAD_LETTER_QUEUE } from '../src/process-job.ts';
import { seedUpload, stateOf } from './seed.ts';

const handler = worker as ExportedHandler<Env>;

async function deadLetter(body: unknown) {
  const batch = createMessageBatch(DEAD_LETTER_QUEUE, [{ id: `dlq-${crypto.randomUUID()}`, timestamp: new Date(), attempts: 1, body }]);
  const ctx = createExecutionContext();
  await handler.queue!(batch, env, ctx);
  return getQueueResult(batch, ctx);
}

/** Runs the Cron Trigger as the runtime would, at `scheduledTime`. */
async function runSweep(scheduledTime: number) {
  const ctx = createExecutionContext();
  await handler.scheduled!(createScheduledController({ scheduledTime, cron: '*/5 * * * *' }), env, ctx);
  await waitOnExecutionContext(ctx);
}

const afterFirstDelay = () => Date.now() + REQUEUE_DELAYS_MS[0] + 1000;

describe('requeue of dead-lettered uploads', () => {
  it('dead letter → sweep → the job runs again from the stored source, through the real queue', async () => {
    const { uploadId, job } = await seedUpload('transcoding', 1, { source: true });
    await deadLetter(job);
    expect((await stateOf(uploadId)).upload).toMatchObject({ status: 'uploaded', error: TRANSCODE_DELAYED_MESSAGE, requeues: 0 });

    // Not due yet: nothing is sent.
    await runSweep(Date.now());
    expect((await stateOf(uploadId)).upload).toMatchObject({ status: 'uploaded', queuedAt: null, requeues: 0 });

    const due = afterFirstDelay();
    await runSweep(due);
    const requeued = (await stateOf(uploadId)).upload;
    expect(requeued).toMatchObject({ status: 'uploaded', queuedAt: due, requeues: 1 });
    expect(requeued.retryAt).toBe(due + REQUEUE_DELAYS_MS[1]);

    // The sent job reaches this worker's consumer, which starts a transcode attempt of the upload.
    await vi.waitFor(async () => expect((await stateOf(uploadId)).upload.attempts).toBeGreaterThanOrEqual(1), { timeout: 15_000, interval: 200 });
    expect((await stateOf(uploadId)).track.status).toBe('processing');
  });

  it('queues one job however many sweeps run at once', async () => {
    const { uploadId, job } = await seedUpload('transcoding', 2, { source: true });
    await deadLetter(job);
    const due = afterFirstDelay();
    const reports = await Promise.all([sweepDelayedUploads(env, due), sweepDelayedUploads(env, due), sweepDelayedUploads(env, due)]);
    expect(reports.filter((r) => r.requeued.includes(uploadId))).toHaveLength(1);
    expect((await stateOf(uploadId, 2)).upload.requeues).toBe(1);
  });

  it('fails with a message that says the file is kept once the requeues are used up', async () => {
    const { uploadId, job } = await seedUpload('transcoding', 1, { source: true });
    await drizzle(shardDb(env, 'CATALOG', 1))
      .update(uploads)
      .set({ requeues: MAX_REQUEUES })
      .where(eq(uploads.id, uploadId));
    await deadLetter(job);
    await runSweep(Date.now() + REQUEUE_DELAYS_MS[MAX_REQUEUES - 1]! + 1000);
    expect(await stateOf(uploadId)).toMatchObject({ upload: { status: 'failed', error: REQUEUES_EXHAUSTED_MESSAGE }, track: { status: 'failed' } });
  });

  it('asks for a new upload only when the stored source is gone', async () => {
    const { uploadId, job } = await seedUpload('transcoding', 1, { source: false });
    await deadLetter(job);
    await runSweep(afterFirstDelay());
    expect(await stateOf(uploadId)).toMatchObject({ upload: { status: 'failed', error: SOURCE_MISSING_MESSAGE }, track: { status: 'failed' } });
  });

  it('leaves ready and permanently failed uploads alone', async () => {
    const ready = await seedUpload('ready', 1, { source: true });
    const failed = await seedUpload('failed', 1, { source: true });
    await deadLetter(ready.job);
    await deadLetter(failed.job);
    await runSweep(afterFirstDelay());
    expect((await stateOf(ready.uploadId)).upload).toMatchObject({ status: 'ready', requeues: 0 });
    expect((await stateOf(failed.uploadId)).upload).toMatchObject({ status: 'failed', requeues: 0 });
  });
});
