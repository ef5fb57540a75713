import type { TranscodeJob } from '../../../core/protocol/transcode.ts';
import { retryDelaySeconds, type JobOutcome } from './outcome.ts';
import { DEAD_LETTER_QUEUE, processDeadLetter, processTranscodeJob } from './process-job.ts';

// Only handlers may be exported here: workerd rejects any other named export of the entry module.

export default {
  async queue(batch, env) {
    const deadLetters = batch.queue === DEAD_LETTER_QUEUE;
    for (const message of batch.messages) {
      let outcome: JobOutcome;
      try {
        outcome = deadLetters ? await processDeadLetter(env, message.body) : await processTranscodeJob(env, message.body);
      } catch (err) {
        // Unexpected (D1 unavailable, a bug): never ack what did not finish.
        outcome = { action: 'retry', reason: `unexpected error: ${err instanceof Error ? err.message : String(err)}` };
      }
      const log = { event: 'transcode_job', queue: batch.queue, message_id: message.id, attempts: message.attempts, body: message.body, ...outcome };
      if (outcome.action === 'ack') {
        console.log(JSON.stringify(log));
        message.ack();
      } else {
        const delaySeconds = retryDelaySeconds(message.attempts, outcome.retryAfterSeconds);
        console.warn(JSON.stringify({ ...log, delay_seconds: delaySeconds }));
        message.retry({ delaySeconds });
      }
    }
  },
} satisfies ExportedHandler<Env, TranscodeJob>;
