import { mix32, stableHash } from './stable-hash.ts';

/**
 * Listening reports are spread over N queues by listener, because one queue takes
 * ~5,000 messages/s (docs/capacity.md). The producer binds them as
 * `LISTENING_EVENTS_0..N-1` (N is `LISTENING_QUEUE_COUNT`); the queues are named
 * `encore-listening-events-<i>`, each with its own dead-letter queue
 * `encore-listening-events-<i>-dlq`. A listener always lands on the same queue for
 * a given N. Exactly-once does not depend on it (the ledger keys by user and event
 * id), so changing N only reorders a listener's reports while the old queues drain.
 */
export interface ListeningQueueEnv {
  LISTENING_QUEUE_COUNT: string;
}

const QUEUE_NAME = /^encore-listening-events-(\d+)$/;
const DEAD_LETTER_QUEUE_NAME = /^encore-listening-events-(\d+)-dlq$/;

export function listeningQueueName(index: number): string {
  return `encore-listening-events-${index}`;
}

export function listeningDeadLetterQueueName(index: number): string {
  return `${listeningQueueName(index)}-dlq`;
}

export function listeningQueueCount(env: ListeningQueueEnv): number {
  const n = Number(env.LISTENING_QUEUE_COUNT);
  if (!Number.isInteger(n) || n < 1) throw new Error(`LISTENING_QUEUE_COUNT is not a positive integer: ${env.LISTENING_QUEUE_COUNT}`);
  return n;
}

/**
 * The one place that decides a listener's queue: a stable hash of the user id,
 * mixed (plain FNV-1a leaves ids that differ only in their last characters close
 * together) and scaled to the count.
 */
export function listeningQueueIndex(userId: string, count: number): number {
  return Math.floor((mix32(stableHash(userId)) * count) / 2 ** 32);
}

/** The producer binding `LISTENING_EVENTS_<i>` for this listener's reports (`Q` is the binding's type: core/ needs no Workers types). */
export function listeningQueueFor<Q>(env: ListeningQueueEnv, userId: string): Q {
  const index = listeningQueueIndex(userId, listeningQueueCount(env));
  const queue = (env as unknown as Record<string, Q | undefined>)[`LISTENING_EVENTS_${index}`];
  if (!queue) throw new Error(`No queue binding LISTENING_EVENTS_${index} (LISTENING_QUEUE_COUNT is ${env.LISTENING_QUEUE_COUNT})`);
  return queue;
}

/** What a consumer batch's `batch.queue` is: one of the report queues, one of their dead-letter queues, or neither. */
export function listeningQueueKind(name: string): 'reports' | 'dead_letters' | null {
  if (QUEUE_NAME.test(name)) return 'reports';
  if (DEAD_LETTER_QUEUE_NAME.test(name)) return 'dead_letters';
  return null;
}
