import { listeningQueueKind } from '#core/listening-queues.ts';
import { ListeningMessage } from '#core/protocol/listening.ts';
import { findShard } from '#core/shards.ts';
import { keepDeadLetters } from './dead-letters.ts';
import { processReports } from './process-reports.ts';
import { log } from '#core/log.ts';

/**
 * Thin queue handler for every listening-report queue and their dead-letter queues
 * (core/listening-queues.ts): messages no version of us can read are retried alone
 * until the dead-letter queue takes them; the rest are processed together and acked
 * only once every write has landed, or all retried (processing is idempotent).
 */
const W = 'listening-events';

export default {
  async queue(batch, env) {
    const kind = listeningQueueKind(batch.queue);
    if (kind === null) {
      // A consumer binding this code does not know: leave the messages on their queue for a version that does.
      log('error', 'unknown_queue_batch_retried', { worker: W, queue: batch.queue });
      batch.retryAll({ delaySeconds: 60 });
      return;
    }
    if (kind === 'dead_letters') {
      try {
        await keepDeadLetters(env, batch.messages);
        for (const message of batch.messages) {
          log('error', 'listening_report_dead_lettered', { worker: W, message_id: message.id });
          message.ack();
        }
      } catch (err) {
        log('error', 'dead_letters_not_kept', { worker: W, error: err });
        batch.retryAll({ delaySeconds: 60 });
      }
      return;
    }
    const readable: { message: Message<unknown>; report: ListeningMessage }[] = [];
    for (const message of batch.messages) {
      const parsed = ListeningMessage.safeParse(message.body);
      if (!parsed.success || findShard(env, 'USERS', parsed.data.user_id, ['usr']) === null) {
        log('error', 'listening_message_unreadable', { worker: W, message_id: message.id, reason: parsed.error?.message ?? 'bad user id' });
        message.retry();
        continue;
      }
      readable.push({ message, report: parsed.data });
    }
    if (readable.length === 0) return;
    try {
      await processReports(
        env,
        readable.map((r) => r.report),
      );
      for (const { message } of readable) message.ack();
    } catch (err) {
      log('error', 'listening_batch_retried', { worker: W, messages: readable.length, error: err });
      for (const { message } of readable) message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
    }
  },
} satisfies ExportedHandler<Env, unknown>;
