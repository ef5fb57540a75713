import { log } from '#core/log.ts';
import { FanoutMessage } from '#core/protocol/release-fanout.ts';
import { fanOutRelease } from './fanout.ts';
import { repairFollow } from './followers.ts';

export const FANOUT_QUEUE = 'encore-release-fanout';

/** The queue() handler for encore-release-fanout: every message is idempotent, so anything that fails is retried whole. */
export async function consumeFanout(batch: MessageBatch<unknown>, env: Env): Promise<void> {
  await Promise.all(
    batch.messages.map(async (message) => {
      const parsed = FanoutMessage.safeParse(message.body);
      const fields = { worker: 'api', queue: batch.queue, message_id: message.id, attempts: message.attempts, body: message.body };
      if (!parsed.success) {
        log('warn', 'fanout_message_dropped', fields);
        message.ack();
        return;
      }
      try {
        if (parsed.data.type === 'release') await fanOutRelease(env, parsed.data);
        else await repairFollow(env, parsed.data);
        message.ack();
      } catch (err) {
        log('warn', 'fanout_retry', { ...fields, error: err instanceof Error ? err.message : String(err) });
        message.retry({ delaySeconds: Math.min(60, 2 ** message.attempts) });
      }
    }),
  );
}
