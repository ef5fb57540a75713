import { sweepDelayedUploads } from '#core/catalog/upload-requeue.ts';
import { log } from '#core/log.ts';
import type { TranscodeJob } from '#core/protocol/transcode.ts';
import { refreshShardMaps } from '#core/shards.ts';
import { retryDelaySeconds, type JobOutcome } from './outcome.ts';
import { DEAD_LETTER_QUEUE, processDeadLetter, processTranscodeJob } from './process-job.ts';
import { checkTranscoder } from './transcoder-health.ts';

// Only handlers may be exported here: workerd rejects any other named export of the entry module.

export default {
  /** Reached only through the api worker's service binding (workers_dev is off): GET /health. */
  async fetch(request, env) {
    if (new URL(request.url).pathname !== '/health' || request.method !== 'GET') return new Response('Not found', { status: 404 });
    const health = await checkTranscoder(env);
    return Response.json(health, { status: health.transcoder === 'ok' ? 200 : 503 });
  },

  async queue(batch, env) {
    // Route by the shard map in force (a reshard may have switched it; core/shard-map-runtime.ts).
    await refreshShardMaps(env);
    const deadLetters = batch.queue === DEAD_LETTER_QUEUE;
    for (const message of batch.messages) {
      let outcome: JobOutcome;
      try {
        outcome = deadLetters ? await processDeadLetter(env, message.body) : await processTranscodeJob(env, message.body);
      } catch (err) {
        // Unexpected (D1 unavailable, a bug): never ack what did not finish.
        outcome = { action: 'retry', reason: `unexpected error: ${err instanceof Error ? err.message : String(err)}` };
      }
      const body = message.body as Partial<TranscodeJob> | null;
      const fields = {
        worker: 'transcode-queue',
        request_id: typeof body?.request_id === 'string' ? body.request_id : null,
        queue: batch.queue,
        message_id: message.id,
        attempts: message.attempts,
        body: message.body,
        ...outcome,
      };
      if (outcome.action === 'ack') {
        log('info', 'transcode_job', fields);
        message.ack();
      } else {
        const delaySeconds = retryDelaySeconds(message.attempts, outcome.retryAfterSeconds);
        log('warn', 'transcode_job', { ...fields, delay_seconds: delaySeconds });
        message.retry({ delaySeconds });
      }
    }
  },

  /** Cron Trigger (wrangler.toml `[triggers]`): requeue the dead-lettered uploads that are due. */
  async scheduled(controller, env) {
    await refreshShardMaps(env);
    const report = await sweepDelayedUploads(env, controller.scheduledTime);
    if (report.requeued.length + report.failed.length + report.skipped.length > 0)
      log('info', 'requeue_sweep', { worker: 'transcode-queue', cron: controller.cron, ...report });
  },
} satisfies ExportedHandler<Env, TranscodeJob>;
