import { regionOf } from './ids.ts';
import { PRE_REGION, type Region } from './regions.ts';
import { mix32, stableHash } from './stable-hash.ts';

/**
 * Listening reports are spread over N queues by listener, because one queue takes
 * ~5,000 messages/s (docs/capacity.md). The producer binds them as
 * `LISTENING_EVENTS_0..N-1` (N is `LISTENING_QUEUE_COUNT`); the queues are named
 * `encore-listening-events-<i>`, each with its own dead-letter queue
 * `encore-listening-events-<i>-dlq`. A listener always lands on the same queue for
 * a given N. Exactly-once does not depend on it (the ledger keys by user and event
 * id), so changing N only reorders a listener's reports while the old queues drain.
 *
 * A report is user data, so each data region has its own N queues, created in the
 * region's jurisdiction: `encore-listening-events-eu-<i>`, bound as
 * `LISTENING_EVENTS_EU_<i>`. The us region keeps the names of before regions
 * (`encore-listening-events-<i>`, `LISTENING_EVENTS_<i>`), as its databases do.
 */
export interface ListeningQueueEnv {
  LISTENING_QUEUE_COUNT: string;
}

const QUEUE_NAME = /^encore-listening-events-(?:[a-z]{2}-)?(\d+)$/;
const DEAD_LETTER_QUEUE_NAME = /^encore-listening-events-(?:[a-z]{2}-)?(\d+)-dlq$/;

const named = (region: Region) => region !== PRE_REGION;

export function listeningQueueName(index: number, region: Region = PRE_REGION): string {
  return `encore-listening-events-${named(region) ? `${region}-` : ''}${index}`;
}

export function listeningDeadLetterQueueName(index: number, region: Region = PRE_REGION): string {
  return `${listeningQueueName(index, region)}-dlq`;
}

/** The producer binding of a region's queue `index`. */
export function listeningQueueBinding(index: number, region: Region = PRE_REGION): string {
  return `LISTENING_EVENTS_${named(region) ? `${region.toUpperCase()}_` : ''}${index}`;
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

/** The producer binding for this listener's reports, in their region (`Q` is the binding's type: core/ needs no Workers types). */
export function listeningQueueFor<Q>(env: ListeningQueueEnv, userId: string): Q {
  const binding = listeningQueueBinding(listeningQueueIndex(userId, listeningQueueCount(env)), regionOf(userId));
  const queue = (env as unknown as Record<string, Q | undefined>)[binding];
  if (!queue) throw new Error(`No queue binding ${binding} (LISTENING_QUEUE_COUNT is ${env.LISTENING_QUEUE_COUNT})`);
  return queue;
}

/** What a consumer batch's `batch.queue` is: one of the report queues, one of their dead-letter queues, or neither. */
export function listeningQueueKind(name: string): 'reports' | 'dead_letters' | null {
  if (QUEUE_NAME.test(name)) return 'reports';
  if (DEAD_LETTER_QUEUE_NAME.test(name)) return 'dead_letters';
  return null;
}
