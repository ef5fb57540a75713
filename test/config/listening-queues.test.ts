import path from 'node:path';
import { unstable_readConfig } from 'wrangler';
import { describe, expect, it } from 'vitest';
import { newUserDataId } from '../../core/ids.ts';
import {
  listeningDeadLetterQueueName,
  listeningQueueBinding,
  listeningQueueCount,
  listeningQueueIndex,
  listeningQueueName,
} from '../../core/listening-queues.ts';
import { REGIONS } from '../../core/regions.ts';

const root = path.resolve(import.meta.dirname, '../..');
interface QueueConfig {
  vars: Record<string, unknown>;
  queues: { producers?: { binding: string; queue: string }[]; consumers?: { queue: string; dead_letter_queue?: string }[] };
}
const read = (config: string) => unstable_readConfig({ config: path.join(root, config) }) as unknown as QueueConfig;

/** The producer's count, its LISTENING_EVENTS_<i> bindings and the consumer's queues have to name the same N queues in every region. */
describe('listening-report queues in the wrangler configs', () => {
  const api = read('wrangler.toml');
  const consumer = read('workers/listening-events/wrangler.toml');
  const count = listeningQueueCount({ LISTENING_QUEUE_COUNT: String(api.vars.LISTENING_QUEUE_COUNT) });
  const each = REGIONS.flatMap((region) => Array.from({ length: count }, (_, i) => ({ region, i, queue: listeningQueueName(i, region) })));

  it('gives the api worker one producer binding per queue of every region', () => {
    const producers = api.queues.producers?.filter((p) => p.binding.startsWith('LISTENING_EVENTS')) ?? [];
    expect(producers.map((p) => [p.binding, p.queue]).sort()).toEqual(each.map(({ region, i, queue }) => [listeningQueueBinding(i, region), queue]).sort());
  });

  it('has the listening-events worker consume every queue, each with its own dead-letter queue, and every dead-letter queue', () => {
    const consumers = consumer.queues.consumers ?? [];
    const queues = each.map(({ queue }) => queue);
    const reportConsumers = consumers.filter((c) => queues.includes(c.queue));
    expect(reportConsumers.map((c) => [c.queue, c.dead_letter_queue]).sort()).toEqual(
      each.map(({ region, i, queue }) => [queue, listeningDeadLetterQueueName(i, region)]).sort(),
    );
    expect(consumers.map((c) => c.queue).sort()).toEqual([...queues, ...each.map(({ region, i }) => listeningDeadLetterQueueName(i, region))].sort());
  });

  it('keeps the names of before regions for us, and names the region for eu', () => {
    expect([listeningQueueName(2, 'us'), listeningQueueBinding(2, 'us')]).toEqual(['encore-listening-events-2', 'LISTENING_EVENTS_2']);
    expect([listeningDeadLetterQueueName(2, 'eu'), listeningQueueBinding(2, 'eu')]).toEqual(['encore-listening-events-eu-2-dlq', 'LISTENING_EVENTS_EU_2']);
  });
});

describe('a listener’s queue', () => {
  /** The largest distance of any queue's share from a fair split, in standard deviations (binomial). */
  function worstSkew(ids: string[], count: number): number {
    const perQueue = new Array<number>(count).fill(0);
    for (const id of ids) {
      const index = listeningQueueIndex(id, count);
      expect(listeningQueueIndex(id, count)).toBe(index);
      perQueue[index]! += 1;
    }
    const even = ids.length / count;
    return Math.max(...perQueue.map((n) => Math.abs(n - even))) / Math.sqrt(even);
  }

  it('is the same every time for one user id, and random user ids spread evenly over the queues', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => newUserDataId('usr', i % 2 ? 'eu' : 'us', i % 1024));
    // 5.5 standard deviations: a fair hash essentially never goes past it, a skewed one does.
    for (const count of [4, 7, 340]) expect(worstSkew(ids, count), `${count} queues`).toBeLessThan(5.5);
  });

  it('spreads ids that differ only in their last characters as evenly', () => {
    const ids = Array.from({ length: 20_000 }, (_, i) => `usr${i % 2}_bench${String(i).padStart(11, '0')}`);
    // Deterministic ids, so a tight bound: plain FNV-1a's high bits reach 4.8 here.
    for (const count of [4, 7, 340]) expect(worstSkew(ids, count), `${count} queues`).toBeLessThan(4);
  });
});
